using Microsoft.Data.Sqlite;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// Syncs a connection's database file to disk through the file SQLite itself has open (its VFS's
/// xSync). A second handle on the file would not do: closing it drops every POSIX lock the process
/// holds on the file, SQLite's included.
/// </summary>
internal static unsafe class DatabaseFileSync
{
    private const int FileControlFilePointer = 7; // SQLITE_FCNTL_FILE_POINTER
    private const int SyncNormal = 0x02; // SQLITE_SYNC_NORMAL

    private static readonly Lazy<nint> FileControl = new(() => SqliteNative.TryGetExport("sqlite3_file_control", out var export) ? export : 0);

    /// <summary>Syncs the connection's main database file.</summary>
    /// <returns>False when there was nothing to sync through: no bundled library, or no file behind the connection.</returns>
    /// <exception cref="IOException">The sync failed.</exception>
    public static bool TrySync(SqliteConnection connection)
    {
        var fileControl = (delegate* unmanaged[Cdecl]<nint, byte*, int, void*, int>)FileControl.Value;
        if (fileControl is null || connection.Handle is not { } handle)
        {
            return false;
        }

        SqliteFile* file = null;
        var main = "main"u8;
        int rc;
        fixed (byte* name = main)
        {
            // "main"u8 is NUL-terminated in memory, as SQLite expects.
            rc = fileControl(handle.DangerousGetHandle(), name, FileControlFilePointer, &file);
        }

        if (rc != SqliteCodes.Ok || file is null || file->Methods is null)
        {
            return false;
        }

        rc = file->Methods->Sync(file, SyncNormal);
        return rc == SqliteCodes.Ok ? true : throw new IOException($"Syncing the database file failed (SQLite error {rc}).");
    }
}
