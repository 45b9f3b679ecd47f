using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>The write-ahead log's gathered writes: committed means on file, for every other connection.</summary>
public sealed class BufferedWalVfsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("buffered-wal-").FullName;

    // Registered, or the tests below would only exercise SQLite's own VFS.
    public BufferedWalVfsTests() => Assert.True(BufferedWalVfs.EnsureRegistered());

    private string Path => System.IO.Path.Combine(_folder, "test.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteConnection Open(string? path = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? Path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static object? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void Commit_IsReadByAnotherConnection()
    {
        using var writer = Open();
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
        using var reader = Open();

        Execute(writer, Insert(500, "first"));

        Assert.Equal(500L, Execute(reader, "SELECT count(*) FROM T;"));
    }

    [Fact]
    public void RolledBackTransaction_ThatSpilledFrames_NeverOverwritesALaterWritersCommit()
    {
        using var first = Open();
        Execute(first, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
        using var second = Open();

        // A cache of 10 pages makes the transaction write (spill) frames before its end: fewer than
        // a buffer holds, just where the next writer's frames go once the transaction is rolled back.
        Execute(first, "PRAGMA cache_size=10;");
        Execute(first, "BEGIN; " + Insert(25, "first") + " ROLLBACK;");
        Execute(second, Insert(300, "second"));
        Execute(first, "SELECT count(*) FROM T;");

        using var fresh = Open();
        Assert.Equal("ok", Execute(fresh, "PRAGMA integrity_check;"));
        Assert.Equal(300L, Execute(fresh, "SELECT count(*) FROM T WHERE Marker = 'second';"));
        Assert.Equal(300L, Execute(fresh, "SELECT count(*) FROM T;"));
    }

    [Fact]
    public void CommitWhoseFramesSQLiteRewrote_IsRecoveredFromTheLogAlone()
    {
        using var writer = Open();
        Execute(writer, "PRAGMA wal_autocheckpoint=0;");
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
        Execute(writer, "PRAGMA cache_size=10;");

        // Spilled pages changed again before the commit are rewritten in place, and SQLite then
        // rewrites the checksums of the frames after them, the commit frame's last.
        Execute(writer, "BEGIN; " + Insert(2000, "first") + " UPDATE T SET Marker = 'changed', Body = randomblob(3000) WHERE Id <= 200; COMMIT;");

        using var recovered = OpenCrashCopy();
        Assert.Equal("ok", Execute(recovered, "PRAGMA integrity_check;"));
        Assert.Equal(2000L, Execute(recovered, "SELECT count(*) FROM T;"));
        Assert.Equal(200L, Execute(recovered, "SELECT count(*) FROM T WHERE Marker = 'changed';"));
    }

    [Fact]
    public void CommitWhoseGatheredFramesFailToWrite_FailsAndChangesNothing()
    {
        using var writer = Open();
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
        Execute(writer, Insert(100, "before"));

        // The first write that reaches the disk fails: the gathered frames, flushed by the commit's last page.
        var writes = 0;
        using (new FaultyLogFile(writer, (_, _) => ++writes == 1))
        {
            var error = Assert.Throws<SqliteException>(() => Execute(writer, "BEGIN; " + Insert(20, "lost") + " COMMIT;"));
            Assert.Equal(FaultyLogFile.IoErrWrite, error.SqliteExtendedErrorCode);
        }

        Assert.Equal(1, writes); // the transaction's frames went in one write, the one that failed
        AssertRowsAfterTheFault(writer);
    }

    [Fact]
    public void CommitWhoseChecksumRewriteFails_FailsAndChangesNothing()
    {
        using var writer = Open();
        Execute(writer, "PRAGMA wal_autocheckpoint=0;");
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
        Execute(writer, Insert(100, "before"));
        Execute(writer, "PRAGMA cache_size=10;");

        // SQLite rewrites frame checksums after the commit frame is written (see the recovery test
        // above). The commit frame's header (bytes 4-7: the database size) written a second time is
        // the last such write: gathered, it would only be flushed after the commit had succeeded.
        long end = 0;
        var failed = 0;
        using (new FaultyLogFile(writer, (data, offset) =>
        {
            var commitHeaderRewrite = data.Length == 24 && offset < end && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != 0;
            end = Math.Max(end, offset + data.Length);
            failed += commitHeaderRewrite ? 1 : 0;
            return commitHeaderRewrite;
        }))
        {
            var error = Assert.Throws<SqliteException>(() => Execute(writer,
                "BEGIN; " + Insert(2000, "lost") + " UPDATE T SET Marker = 'changed', Body = randomblob(3000) WHERE Id <= 300; COMMIT;"));
            Assert.Equal(FaultyLogFile.IoErrWrite, error.SqliteExtendedErrorCode);
        }

        Assert.Equal(1, failed);
        AssertRowsAfterTheFault(writer);
    }

    [Fact]
    public void CommitWhoseLogBufferCannotBeAllocated_FailsOutOfMemory_AndChangesNothing()
    {
        using (var setup = Open())
        {
            Execute(setup, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Marker TEXT NOT NULL, Body BLOB NOT NULL);");
            Execute(setup, Insert(100, "before"));
        }

        // A fresh connection allocates its log's buffer on its first write: that allocation fails, on this thread only.
        using var writer = Open();
        BufferedWalVfs.FailNextBufferAllocation = true;
        var error = Assert.Throws<SqliteException>(() => Execute(writer, "BEGIN; " + Insert(20, "lost") + " COMMIT;"));

        Assert.False(BufferedWalVfs.FailNextBufferAllocation, "the shim allocated no buffer");
        Assert.Equal(SqliteCodes.NoMem, error.SqliteErrorCode);
        AssertRowsAfterTheFault(writer);
    }

    /// <summary>After a failed commit: the 100 rows before it, for every reader and after a crash, and the writer writes on.</summary>
    private void AssertRowsAfterTheFault(SqliteConnection writer)
    {
        Assert.Equal(100L, Execute(writer, "SELECT count(*) FROM T;"));
        using (var reader = Open())
        {
            Assert.Equal(100L, Execute(reader, "SELECT count(*) FROM T;"));
        }

        Execute(writer, Insert(10, "after"));

        using var recovered = OpenCrashCopy();
        Assert.Equal("ok", Execute(recovered, "PRAGMA integrity_check;"));
        Assert.Equal(110L, Execute(recovered, "SELECT count(*) FROM T;"));
        Assert.Equal(0L, Execute(recovered, "SELECT count(*) FROM T WHERE Marker IN ('lost', 'changed');"));
    }

    /// <summary>The database as a crash leaves it: copies of the database file and the log, without the shared index.</summary>
    private SqliteConnection OpenCrashCopy()
    {
        var copy = System.IO.Path.Combine(_folder, "copy.db");
        File.Copy(Path, copy);
        File.Copy(Path + "-wal", copy + "-wal");
        return Open(copy);
    }

    /// <summary>Inserts <paramref name="rows"/> rows of 3 KB marked <paramref name="marker"/>.</summary>
    private static string Insert(int rows, string marker) =>
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO T (Marker, Body) SELECT '{marker}', randomblob(3000) FROM n;";
}
