using System.Runtime.InteropServices;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// The bundled SQLite library's entry points that SQLitePCLRaw does not expose, and the layouts of
/// the C structures this code reads through them (sqlite3_file, sqlite3_io_methods, sqlite3_vfs).
/// </summary>
internal static class SqliteNative
{
    private static readonly Lazy<nint> Library = new(() =>
        NativeLibrary.TryLoad("e_sqlite3", typeof(SQLitePCL.raw).Assembly, null, out var library) ? library : 0);

    /// <summary>An entry point of the bundled library; false without the library or the entry point.</summary>
    public static bool TryGetExport(string name, out nint export)
    {
        export = 0;
        return Library.Value != 0 && NativeLibrary.TryGetExport(Library.Value, name, out export);
    }
}

/// <summary>sqlite3_file: the methods pointer SQLite dispatches through.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteFile
{
    public IoMethods* Methods;
}

/// <summary>sqlite3_io_methods, version 3.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoMethods
{
    public int Version;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int> Close;
    public delegate* unmanaged[Cdecl]<SqliteFile*, void*, int, long, int> Read;
    public delegate* unmanaged[Cdecl]<SqliteFile*, void*, int, long, int> Write;
    public delegate* unmanaged[Cdecl]<SqliteFile*, long, int> Truncate;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Sync;
    public delegate* unmanaged[Cdecl]<SqliteFile*, long*, int> FileSize;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Lock;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> Unlock;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int*, int> CheckReservedLock;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, void*, int> FileControl;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int> SectorSize;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int> DeviceCharacteristics;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int, int, void**, int> ShmMap;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int, int, int> ShmLock;
    public delegate* unmanaged[Cdecl]<SqliteFile*, void> ShmBarrier;
    public delegate* unmanaged[Cdecl]<SqliteFile*, int, int> ShmUnmap;
    public delegate* unmanaged[Cdecl]<SqliteFile*, long, int, void**, int> Fetch;
    public delegate* unmanaged[Cdecl]<SqliteFile*, long, void*, int> Unfetch;
}

/// <summary>sqlite3_vfs, version 3; the functions this shim does not replace are copied as they are.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Vfs
{
    public int Version;
    public int FileSize;
    public int MaxPathname;
    public Vfs* Next;
    public byte* Name;
    public void* AppData;
    public delegate* unmanaged[Cdecl]<Vfs*, byte*, SqliteFile*, int, int*, int> Open;
    public void* Delete;
    public void* Access;
    public void* FullPathname;
    public void* DlOpen;
    public void* DlError;
    public void* DlSym;
    public void* DlClose;
    public void* Randomness;
    public void* Sleep;
    public void* CurrentTime;
    public void* GetLastError;
    public void* CurrentTimeInt64;
    public void* SetSystemCall;
    public void* GetSystemCall;
    public void* NextSystemCall;
}

/// <summary>SQLite result codes the VFS layers return (sqlite3.h).</summary>
internal static class SqliteCodes
{
    public const int Ok = 0;
    public const int NoMem = 7;
    public const int IoErr = 10;
    public const int CantOpen = 14;
    public const int IoErrRead = IoErr | (1 << 8);
    public const int IoErrShortRead = IoErr | (2 << 8);
    public const int IoErrWrite = IoErr | (3 << 8);
    public const int IoErrFsync = IoErr | (4 << 8);
    public const int IoErrTruncate = IoErr | (6 << 8);
    public const int IoErrFstat = IoErr | (7 << 8);
    public const int IoErrUnlock = IoErr | (8 << 8);
    public const int IoErrDelete = IoErr | (10 << 8);
    public const int IoErrCheckReservedLock = IoErr | (14 << 8);
    public const int IoErrLock = IoErr | (15 << 8);
    public const int IoErrClose = IoErr | (16 << 8);
    public const int IoErrShmLock = IoErr | (20 << 8);
    public const int IoErrShmMap = IoErr | (21 << 8);
    public const int IoErrMmap = IoErr | (24 << 8);

    /// <summary>
    /// What a native callback returns for an exception, which must never reach SQLite: thrown through
    /// an UnmanagedCallersOnly method, it ends the process.
    /// </summary>
    public static int ForException(Exception exception, int ioError) => exception is OutOfMemoryException ? NoMem : ioError;
}
