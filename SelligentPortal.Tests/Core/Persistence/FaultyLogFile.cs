using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>Decides whether a write to the log fails, as a failing disk would.</summary>
internal delegate bool LogWriteFault(ReadOnlySpan<byte> data, long offset);

/// <summary>
/// A fault below the buffered log shim, where the disk is: the real (unix VFS) file inside one
/// connection's wrapped log gets a copy of its methods whose write fails when the rule says so.
/// Dispose it before the connection closes; one at a time (the state is static, for the callback).
/// </summary>
internal sealed unsafe class FaultyLogFile : IDisposable
{
    /// <summary>SQLITE_IOERR_WRITE, what a failed write returns.</summary>
    public const int IoErrWrite = SqliteCodes.IoErrWrite;

    private const int FileControlJournalPointer = 28; // SQLITE_FCNTL_JOURNAL_POINTER: the log, in WAL mode

    private static IoMethods* s_original;
    private static LogWriteFault? s_fails;

    private readonly SqliteFile* _real;
    private readonly IoMethods* _faulty;

    public FaultyLogFile(SqliteConnection connection, LogWriteFault fails)
    {
        Assert.True(SqliteNative.TryGetExport("sqlite3_file_control", out var export));
        var fileControl = (delegate* unmanaged[Cdecl]<nint, byte*, int, void*, int>)export;
        SqliteFile* log = null;
        fixed (byte* main = "main"u8)
        {
            Assert.Equal(0, fileControl(connection.Handle!.DangerousGetHandle(), main, FileControlJournalPointer, &log));
        }

        _real = BufferedWalVfs.RealFileOf(log);
        Assert.True(_real is not null, "The connection's log is not wrapped by the shim.");
        Assert.True(s_fails is null, "Another fault is in place.");

        s_original = _real->Methods;
        s_fails = fails;
        _faulty = (IoMethods*)NativeMemory.Alloc((nuint)sizeof(IoMethods));
        *_faulty = *s_original;
        _faulty->Write = &Write;
        _real->Methods = _faulty;
    }

    public void Dispose()
    {
        _real->Methods = s_original;
        s_fails = null;
        NativeMemory.Free(_faulty);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            return s_fails!(new ReadOnlySpan<byte>(data, amount), offset) ? IoErrWrite : s_original->Write(file, data, amount, offset);
        }
        catch (Exception e)
        {
            // A failing assertion in the rule must fail the statement, not end the test run.
            return SqliteCodes.ForException(e, IoErrWrite);
        }
    }
}
