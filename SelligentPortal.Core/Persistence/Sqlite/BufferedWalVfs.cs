using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// A shim over SQLite's default (unix) VFS that gathers the write-ahead log's small writes into
/// large ones. SQLite writes every log frame as two calls, its 24-byte header and then the page:
/// measured on these machines, 3.5 µs a frame against 0.5 µs when 16 frames go in one call, and
/// the ingestion writer spent a third to a half of its time committing.
/// </summary>
/// <remarks>
/// <para>A log file keeps contiguous writes in a buffer. The rules that keep this invisible:</para>
/// <list type="number">
/// <item>A commit's frames are on file before anyone can see them: the page write that follows a
/// commit frame's header (the only frame header with the database size in bytes 4-7) flushes, and
/// SQLite publishes frames to readers in the shared index only after its last frame write. So
/// COMMIT returns with the transaction in the operating system, as synchronous=NORMAL promises (with
/// FULL, SQLite then syncs the log, and a sync flushes first anyway), and another connection never
/// reads a frame that is still in a buffer.</item>
/// <item>From the commit frame until the connection lets go of the log's write lock, writes go
/// straight to the file: SQLite may still rewrite earlier frames' checksums there, and their errors
/// must reach it.</item>
/// <item>Only the holder of the log's write lock writes to it, so the buffer is flushed when its
/// connection lets go of that lock (seen on the database file, whose shared-memory locks these
/// are), before the lock is released: what a rolled-back transaction left lands where SQLite itself
/// would have put it, and never over a later writer's frames.</item>
/// <item>Anything that could look at the file flushes first: a read, sync, truncate, size query,
/// file control, close, a write that does not continue the buffer, and the shared-memory barrier
/// (a last safety net before the index header changes).</item>
/// <item>A log whose database file is not wrapped by this shim is written through, unbuffered.</item>
/// </list>
/// <para>A failed flush is that call's I/O error, so SQLite fails the transaction. Only files
/// opened as a database or a log are wrapped; everything else is the base VFS's own file.</para>
/// <para>Every callback catches every exception and returns an SQLite error code instead (SQLITE_NOMEM
/// when memory ran out): an exception thrown through an UnmanagedCallersOnly method ends the process,
/// where SQLite only fails the statement.</para>
/// </remarks>
internal static unsafe class BufferedWalVfs
{
    public const string Name = "selligent-buffered-wal";

    /// <summary>
    /// Gathered bytes at most before they are written: about 30 frames of 4 KB pages. The unix VFS
    /// writes at most 128 KB - 1 in one call (it masks the size to 17 bits).
    /// </summary>
    private const int BufferBytes = 120 * 1024;

    private const int OpenMainDb = 0x00000100;
    private const int OpenWal = 0x00080000;
    private const int ShmUnlock = 1;
    private const int WriteLockSlot = 0;
    private const int FrameHeaderBytes = 24;

    private static readonly Lazy<bool> Registration = new(() => Register(baseName: null, Name, makeDefault: true));
    private static readonly Lazy<bool> MethodTables = new(CreateMethods);
    private static IoMethods* s_databaseMethods;
    private static IoMethods* s_logMethods;
    private static delegate* unmanaged[Cdecl]<byte*, SqliteFile*> s_databaseFileOf;

    /// <summary>Tests: the next log buffer allocated on this thread fails, as when memory runs out.</summary>
    [ThreadStatic]
    internal static bool FailNextBufferAllocation;

    /// <summary>Registers the shim as the default VFS, once; connections opened later use it.</summary>
    /// <returns>False when the default VFS is not one this shim can wrap (then nothing changes).</returns>
    public static bool EnsureRegistered() => Registration.Value;

    /// <summary>
    /// Registers another instance of the shim, over the VFS named <paramref name="baseName"/>, as
    /// <paramref name="name"/> (not the default): tests put a simulated disk under the shim this way.
    /// </summary>
    internal static bool RegisterOver(string baseName, string name) => Register(baseName, name, makeDefault: false);

    private static bool Register(string? baseName, string name, bool makeDefault)
    {
        // Without the bundled library or its entry points SQLite simply keeps its own VFS.
        if (!MethodTables.Value
            || !SqliteNative.TryGetExport("sqlite3_vfs_find", out var findExport)
            || !SqliteNative.TryGetExport("sqlite3_vfs_register", out var registerExport))
        {
            return false;
        }

        var find = (delegate* unmanaged[Cdecl]<byte*, Vfs*>)findExport;
        var register = (delegate* unmanaged[Cdecl]<Vfs*, int, int>)registerExport;
        var baseNameUtf8 = baseName is null ? null : (byte*)Marshal.StringToCoTaskMemUTF8(baseName);
        var baseVfs = find(baseNameUtf8);
        Marshal.FreeCoTaskMem((nint)baseNameUtf8);
        if (baseVfs is null || baseVfs->Version < 3)
        {
            return false;
        }

        // Everything but the name, the file size and xOpen is the base VFS's own, including its
        // pAppData, which its functions read from the VFS they are given.
        var shim = (ShimVfs*)NativeMemory.AllocZeroed((nuint)sizeof(ShimVfs));
        shim->Vfs = *baseVfs;
        shim->Vfs.Next = null;
        shim->Vfs.Name = (byte*)Marshal.StringToCoTaskMemUTF8(name);
        shim->Vfs.FileSize = sizeof(Wrapper) + baseVfs->FileSize;
        shim->Vfs.Open = &Open;
        shim->Base = baseVfs;
        return register(&shim->Vfs, makeDefault ? 1 : 0) == SqliteCodes.Ok;
    }

    /// <summary>The wrappers' methods, shared by every instance of the shim.</summary>
    private static bool CreateMethods()
    {
        if (!SqliteNative.TryGetExport("sqlite3_database_file_object", out var databaseFileExport))
        {
            return false;
        }

        s_databaseFileOf = (delegate* unmanaged[Cdecl]<byte*, SqliteFile*>)databaseFileExport;
        s_databaseMethods = NewMethods();
        s_databaseMethods->ShmLock = &DatabaseShmLock;
        s_databaseMethods->ShmBarrier = &DatabaseShmBarrier;
        s_databaseMethods->Close = &DatabaseClose;

        s_logMethods = NewMethods();
        s_logMethods->Close = &LogClose;
        s_logMethods->Read = &LogRead;
        s_logMethods->Write = &LogWrite;
        s_logMethods->Truncate = &LogTruncate;
        s_logMethods->Sync = &LogSync;
        s_logMethods->FileSize = &LogFileSize;
        s_logMethods->FileControl = &LogFileControl;
        return true;
    }

    /// <summary>Methods that pass every call to the real file; the wrappers replace a few.</summary>
    private static IoMethods* NewMethods()
    {
        var methods = (IoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(IoMethods));
        methods->Version = 3;
        methods->Close = &PassClose;
        methods->Read = &PassRead;
        methods->Write = &PassWrite;
        methods->Truncate = &PassTruncate;
        methods->Sync = &PassSync;
        methods->FileSize = &PassFileSize;
        methods->Lock = &PassLock;
        methods->Unlock = &PassUnlock;
        methods->CheckReservedLock = &PassCheckReservedLock;
        methods->FileControl = &PassFileControl;
        methods->SectorSize = &PassSectorSize;
        methods->DeviceCharacteristics = &PassDeviceCharacteristics;
        methods->ShmMap = &PassShmMap;
        methods->ShmLock = &PassShmLock;
        methods->ShmBarrier = &PassShmBarrier;
        methods->ShmUnmap = &PassShmUnmap;
        methods->Fetch = &PassFetch;
        methods->Unfetch = &PassUnfetch;
        return methods;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(Vfs* vfs, byte* name, SqliteFile* file, int flags, int* outFlags)
    {
        try
        {
            var baseVfs = ((ShimVfs*)vfs)->Base;
            if ((flags & (OpenMainDb | OpenWal)) == 0)
            {
                // Neither a database nor a log: the base VFS's file, unwrapped, in the same space.
                return baseVfs->Open(baseVfs, name, file, flags, outFlags);
            }

            var wrapper = (Wrapper*)file;
            *wrapper = default;
            var rc = baseVfs->Open(baseVfs, name, wrapper->Real, flags, outFlags);
            if (rc != SqliteCodes.Ok)
            {
                return rc;
            }

            if ((flags & OpenWal) == 0)
            {
                wrapper->Methods = s_databaseMethods;
                return SqliteCodes.Ok;
            }

            // The log's own connection's database file: its write lock decides when the buffer must be empty.
            var database = (Wrapper*)s_databaseFileOf(name);
            if (database is not null && database->Methods == s_databaseMethods)
            {
                wrapper->Partner = database;
                database->Partner = wrapper;
            }

            wrapper->Methods = s_logMethods;
            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.CantOpen);
        }
    }

    /// <summary>Writes what is gathered; SQLITE_OK or the real file's error (the gathered bytes are dropped either way).</summary>
    private static int Flush(Wrapper* log)
    {
        if (log->Length == 0)
        {
            return SqliteCodes.Ok;
        }

        var rc = log->Real->Methods->Write(log->Real, log->Buffer, log->Length, log->Start);
        log->Length = 0;
        return rc;
    }

    /// <summary>A log's buffer, allocated on its first gathered write: most connections only read.</summary>
    /// <exception cref="OutOfMemoryException">There is no memory for it.</exception>
    private static byte* AllocateBuffer()
    {
        if (FailNextBufferAllocation)
        {
            FailNextBufferAllocation = false;
            throw new OutOfMemoryException("Simulated: no memory for the log's buffer.");
        }

        return (byte*)NativeMemory.Alloc(BufferBytes);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogWrite(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            var log = (Wrapper*)file;

            // Every 24-byte write to a log is a frame header; bytes 4-7 hold the database size after a
            // commit and zero in every other frame, so the page that follows ends the transaction.
            var endsCommit = log->CommitPageNext;
            log->CommitPageNext = amount == FrameHeaderBytes && BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>((byte*)data + 4, 4)) != 0;

            if (log->Length > 0 && (offset != log->Start + log->Length || log->Length + amount > BufferBytes))
            {
                var rc = Flush(log);
                if (rc != SqliteCodes.Ok)
                {
                    return rc;
                }
            }

            if (log->Partner is null || log->WriteThrough || amount > BufferBytes)
            {
                return log->Real->Methods->Write(log->Real, data, amount, offset);
            }

            if (log->Length == 0)
            {
                log->Buffer = log->Buffer is null ? AllocateBuffer() : log->Buffer;
                log->Start = offset;
            }

            new ReadOnlySpan<byte>(data, amount).CopyTo(new Span<byte>(log->Buffer + log->Length, amount));
            log->Length += amount;
            if (!endsCommit)
            {
                return SqliteCodes.Ok;
            }

            log->WriteThrough = true;
            return Flush(log);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrWrite);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogRead(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            var log = (Wrapper*)file;
            var rc = Flush(log);
            return rc != SqliteCodes.Ok ? rc : log->Real->Methods->Read(log->Real, data, amount, offset);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrRead);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogTruncate(SqliteFile* file, long size)
    {
        try
        {
            var log = (Wrapper*)file;
            var rc = Flush(log);
            return rc != SqliteCodes.Ok ? rc : log->Real->Methods->Truncate(log->Real, size);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrTruncate);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogSync(SqliteFile* file, int flags)
    {
        try
        {
            var log = (Wrapper*)file;
            var rc = Flush(log);
            return rc != SqliteCodes.Ok ? rc : log->Real->Methods->Sync(log->Real, flags);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFsync);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogFileSize(SqliteFile* file, long* size)
    {
        try
        {
            var log = (Wrapper*)file;
            var rc = Flush(log);
            return rc != SqliteCodes.Ok ? rc : log->Real->Methods->FileSize(log->Real, size);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFstat);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogFileControl(SqliteFile* file, int op, void* argument)
    {
        try
        {
            var log = (Wrapper*)file;
            var rc = Flush(log);
            return rc != SqliteCodes.Ok ? rc : log->Real->Methods->FileControl(log->Real, op, argument);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErr);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int LogClose(SqliteFile* file)
    {
        try
        {
            var log = (Wrapper*)file;
            var flushed = Flush(log);
            var closed = log->Real->Methods->Close(log->Real);
            if (log->Partner is not null)
            {
                log->Partner->Partner = null;
                log->Partner = null;
            }

            NativeMemory.Free(log->Buffer);
            log->Buffer = null;
            return flushed != SqliteCodes.Ok ? flushed : closed;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrClose);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int DatabaseShmLock(SqliteFile* file, int offset, int count, int flags)
    {
        try
        {
            var database = (Wrapper*)file;
            if ((flags & ShmUnlock) != 0 && offset == WriteLockSlot && database->Partner is not null)
            {
                // Still the only writer: nothing gathered may outlive the lock (only a rolled-back
                // transaction's frames can be left, so a failure loses nothing committed).
                database->Partner->CommitPageNext = false;
                database->Partner->WriteThrough = false;
                var rc = Flush(database->Partner);
                if (rc != SqliteCodes.Ok)
                {
                    database->Real->Methods->ShmLock(database->Real, offset, count, flags);
                    return rc;
                }
            }

            return database->Real->Methods->ShmLock(database->Real, offset, count, flags);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrShmLock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void DatabaseShmBarrier(SqliteFile* file)
    {
        try
        {
            var database = (Wrapper*)file;
            if (database->Partner is not null)
            {
                // Normally empty already (the commit's last page flushed it); a barrier cannot report
                // an error, but a failing file fails that earlier flush first.
                Flush(database->Partner);
            }

            database->Real->Methods->ShmBarrier(database->Real);
        }
        catch (Exception)
        {
            // A barrier has no way to report a failure; the calls around it report theirs.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int DatabaseClose(SqliteFile* file)
    {
        try
        {
            var database = (Wrapper*)file;
            if (database->Partner is not null)
            {
                var rc = Flush(database->Partner);
                database->Partner->Partner = null;
                database->Partner = null;
                var closed = database->Real->Methods->Close(database->Real);
                return rc != SqliteCodes.Ok ? rc : closed;
            }

            return database->Real->Methods->Close(database->Real);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrClose);
        }
    }

    // Pass-through methods: the wrapped file's real file does the work.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassClose(SqliteFile* file)
    {
        try
        {
            return RealOf(file)->Methods->Close(RealOf(file));
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrClose);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassRead(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            return RealOf(file)->Methods->Read(RealOf(file), data, amount, offset);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrRead);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassWrite(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            return RealOf(file)->Methods->Write(RealOf(file), data, amount, offset);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrWrite);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassTruncate(SqliteFile* file, long size)
    {
        try
        {
            return RealOf(file)->Methods->Truncate(RealOf(file), size);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrTruncate);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassSync(SqliteFile* file, int flags)
    {
        try
        {
            return RealOf(file)->Methods->Sync(RealOf(file), flags);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFsync);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassFileSize(SqliteFile* file, long* size)
    {
        try
        {
            return RealOf(file)->Methods->FileSize(RealOf(file), size);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFstat);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassLock(SqliteFile* file, int level)
    {
        try
        {
            return RealOf(file)->Methods->Lock(RealOf(file), level);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrLock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassUnlock(SqliteFile* file, int level)
    {
        try
        {
            return RealOf(file)->Methods->Unlock(RealOf(file), level);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrUnlock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassCheckReservedLock(SqliteFile* file, int* result)
    {
        try
        {
            return RealOf(file)->Methods->CheckReservedLock(RealOf(file), result);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrCheckReservedLock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassFileControl(SqliteFile* file, int op, void* argument)
    {
        try
        {
            return RealOf(file)->Methods->FileControl(RealOf(file), op, argument);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErr);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassSectorSize(SqliteFile* file)
    {
        try
        {
            return RealOf(file)->Methods->SectorSize(RealOf(file));
        }
        catch (Exception)
        {
            return 4096; // the default sector size
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassDeviceCharacteristics(SqliteFile* file)
    {
        try
        {
            return RealOf(file)->Methods->DeviceCharacteristics(RealOf(file));
        }
        catch (Exception)
        {
            return 0; // no special properties
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassShmMap(SqliteFile* file, int page, int pageSize, int extend, void** memory)
    {
        try
        {
            return RealOf(file)->Methods->ShmMap(RealOf(file), page, pageSize, extend, memory);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrShmMap);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassShmLock(SqliteFile* file, int offset, int count, int flags)
    {
        try
        {
            return RealOf(file)->Methods->ShmLock(RealOf(file), offset, count, flags);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrShmLock);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void PassShmBarrier(SqliteFile* file)
    {
        try
        {
            RealOf(file)->Methods->ShmBarrier(RealOf(file));
        }
        catch (Exception)
        {
            // Nothing to report a failure to.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassShmUnmap(SqliteFile* file, int delete)
    {
        try
        {
            return RealOf(file)->Methods->ShmUnmap(RealOf(file), delete);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErr);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassFetch(SqliteFile* file, long offset, int amount, void** memory)
    {
        try
        {
            return RealOf(file)->Methods->Fetch(RealOf(file), offset, amount, memory);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrMmap);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int PassUnfetch(SqliteFile* file, long offset, void* memory)
    {
        try
        {
            return RealOf(file)->Methods->Unfetch(RealOf(file), offset, memory);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrMmap);
        }
    }

    private static SqliteFile* RealOf(SqliteFile* file) => ((Wrapper*)file)->Real;

    /// <summary>The base VFS's own file inside a wrapped database or log; null for any other file.</summary>
    /// <remarks>Lets tests put faults below the shim, where the disk would fail.</remarks>
    internal static SqliteFile* RealFileOf(SqliteFile* file) =>
        file->Methods == s_logMethods || file->Methods == s_databaseMethods ? RealOf(file) : null;

    /// <summary>An instance of the shim: sqlite3_vfs, followed by the VFS it wraps.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ShimVfs
    {
        public Vfs Vfs;
        public Vfs* Base;
    }

    /// <summary>A wrapped database or log, followed in memory by the base VFS's own file object.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Wrapper
    {
        public IoMethods* Methods;

        /// <summary>A log's database file, or a database file's log, of the same connection.</summary>
        public Wrapper* Partner;

        /// <summary>A log's gathered writes (a log without a partner is written through).</summary>
        public byte* Buffer;
        public long Start;
        public int Length;

        /// <summary>The last write was a commit frame's header: the next one (its page) ends the transaction.</summary>
        public bool CommitPageNext;

        /// <summary>The commit is written: until the write lock goes, writes are not gathered.</summary>
        public bool WriteThrough;

        /// <summary>The real file starts right after this struct (the VFS's file size covers both).</summary>
        public SqliteFile* Real => (SqliteFile*)((byte*)Unsafe.AsPointer(ref this) + sizeof(Wrapper));
    }
}
