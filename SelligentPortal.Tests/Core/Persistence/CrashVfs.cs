using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>
/// A disk that loses power, under SQLite, after SQLite's own crash tests (src/test6.c). A database's or
/// log's writes and truncations wait unsynced, as in the operating system's cache, and reads see them;
/// a sync puts that file's changes on the real file, which plays the disk. At a chosen sync the power goes:
/// each unsynced change of every file is independently kept whole, dropped, or torn (a write keeps a
/// prefix of its 512-byte sectors and the disk keeps the rest as it was), as a seeded random decides.
/// That sync fails, and from then on every write, sync, truncation and deletion is a no-op: the machine
/// is dead, and only the real files, opened afresh, tell what a restart would find.
/// </summary>
/// <remarks>
/// <para>It is a VFS of its own over SQLite's unix VFS: a connection names it in its URI
/// (<c>vfs=</c><see cref="Name"/>), so no other test's connections change.</para>
/// <para>The unix VFS's file is opened in place and keeps its own methods for locks, shared memory and
/// the rest; only the data methods are replaced. Changes are kept per path, since every handle on a
/// file sees the same cache. One session at a time: the state is static, for the callbacks.</para>
/// </remarks>
internal static unsafe class CrashVfs
{
    public const string Name = "selligent-crash-test";

    /// <summary>A torn write keeps whole sectors of this size (powersafe overwrite: a sector it does not touch never changes).</summary>
    public const int SectorBytes = 512;

    private const int OpenMainDb = 0x00000100;
    private const int OpenWal = 0x00080000;

    private static readonly Lazy<bool> Registration = new(Register);
    private static readonly Lock Gate = new();

    /// <summary>Unsynced changes by file path, oldest first.</summary>
    private static readonly Dictionary<string, List<Change>> Unsynced = [];

    /// <summary>The open files: their path, the session they were opened in, and the unix VFS's methods for them.</summary>
    private static readonly Dictionary<nint, OpenFile> Files = [];

    /// <summary>The unix VFS's methods (a database's, a log's without locks) and their copies with the data methods replaced.</summary>
    private static readonly Dictionary<nint, nint> Replaced = [];

    private static Vfs* s_unix;

    private static Session? s_session;
    private static int s_sessionNumber;
    private static long s_sequence;

    /// <summary>Registers this VFS and the shim over it, once.</summary>
    public static void EnsureRegistered() => Assert.True(Registration.Value, "The crash VFS could not be registered.");

    /// <summary>Powers the disk on: changes wait for syncs until sync number <paramref name="crashAtSync"/> (1-based), or <see cref="Session.CrashNow"/>.</summary>
    public static Session Start(int seed, int crashAtSync)
    {
        EnsureRegistered();
        lock (Gate)
        {
            Assert.True(s_session is null, "Another crash session is running.");
            Discard(Unsynced.Values.SelectMany(c => c));
            Unsynced.Clear();
            s_sessionNumber++;
            return s_session = new Session(new Random(seed), crashAtSync);
        }
    }

    private static bool Register()
    {
        if (!SqliteNative.TryGetExport("sqlite3_vfs_find", out var findExport)
            || !SqliteNative.TryGetExport("sqlite3_vfs_register", out var registerExport))
        {
            return false;
        }

        var find = (delegate* unmanaged[Cdecl]<byte*, Vfs*>)findExport;
        var register = (delegate* unmanaged[Cdecl]<Vfs*, int, int>)registerExport;
        fixed (byte* unix = "unix"u8)
        {
            s_unix = find(unix);
        }

        if (s_unix is null)
        {
            return false;
        }

        // The unix VFS's own functions and pAppData, but for opening and deleting files.
        var vfs = (Vfs*)NativeMemory.AllocZeroed((nuint)sizeof(Vfs));
        *vfs = *s_unix;
        vfs->Next = null;
        vfs->Name = (byte*)Marshal.StringToCoTaskMemUTF8(Name);
        vfs->Open = &Open;
        vfs->Delete = (void*)(delegate* unmanaged[Cdecl]<Vfs*, byte*, int, int>)&Delete;
        return register(vfs, 0) == SqliteCodes.Ok;
    }

    /// <summary>The unix VFS's file methods, with the data methods replaced.</summary>
    private static IoMethods* Replace(IoMethods* unixMethods)
    {
        if (!Replaced.TryGetValue((nint)unixMethods, out var replaced))
        {
            var methods = (IoMethods*)NativeMemory.Alloc((nuint)sizeof(IoMethods));
            *methods = *unixMethods;
            methods->Close = &Close;
            methods->Read = &Read;
            methods->Write = &Write;
            methods->Truncate = &Truncate;
            methods->Sync = &Sync;
            methods->FileSize = &FileSize;
            // Memory-mapped reads would bypass the cache modelled here: SQLite reads instead.
            methods->Fetch = &Fetch;
            methods->Unfetch = &Unfetch;
            Replaced[(nint)unixMethods] = replaced = (nint)methods;
        }

        return (IoMethods*)replaced;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(Vfs* vfs, byte* name, SqliteFile* file, int flags, int* outFlags)
    {
        try
        {
            var rc = s_unix->Open(s_unix, name, file, flags, outFlags);
            if (rc != SqliteCodes.Ok || (flags & (OpenMainDb | OpenWal)) == 0)
            {
                return rc;
            }

            lock (Gate)
            {
                Files[(nint)file] = new OpenFile(Marshal.PtrToStringUTF8((nint)name)!, s_sessionNumber, file->Methods);
                file->Methods = Replace(file->Methods);
            }

            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.CantOpen);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Delete(Vfs* vfs, byte* name, int syncDirectory)
    {
        try
        {
            lock (Gate)
            {
                if (s_session is not { Crashed: false })
                {
                    return SqliteCodes.Ok;
                }

                if (Unsynced.Remove(Marshal.PtrToStringUTF8((nint)name)!, out var changes))
                {
                    Discard(changes);
                }
            }

            return ((delegate* unmanaged[Cdecl]<Vfs*, byte*, int, int>)s_unix->Delete)(s_unix, name, syncDirectory);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrDelete);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Close(SqliteFile* file)
    {
        try
        {
            // Closing syncs nothing: the file's unsynced changes stay in the cache.
            IoMethods* unix;
            lock (Gate)
            {
                unix = Files.Remove((nint)file, out var open) ? open.Unix : throw new InvalidOperationException("Not an open file.");
            }

            return unix->Close(file);
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrClose);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Read(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            lock (Gate)
            {
                var rc = UnixOf(file)->Read(file, data, amount, offset);
                if ((rc != SqliteCodes.Ok && rc != SqliteCodes.IoErrShortRead) || !ChangesOf(file, out var changes))
                {
                    return rc;
                }

                var size = RealSize(file);
                var buffer = new Span<byte>(data, amount);
                foreach (var change in changes)
                {
                    size = change.Apply(size, buffer, offset);
                }

                // Past the end the unix VFS's rule: the rest zero-filled, and a short read.
                if (offset + amount <= size)
                {
                    return SqliteCodes.Ok;
                }

                buffer[(int)Math.Clamp(size - offset, 0, amount)..].Clear();
                return SqliteCodes.IoErrShortRead;
            }
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrRead);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(SqliteFile* file, void* data, int amount, long offset)
    {
        try
        {
            lock (Gate)
            {
                if (amount > 0)
                {
                    Keep(file, offset, new ReadOnlySpan<byte>(data, amount));
                }
            }

            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrWrite);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(SqliteFile* file, long size)
    {
        try
        {
            lock (Gate)
            {
                Keep(file, size, []);
            }

            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrTruncate);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Sync(SqliteFile* file, int flags)
    {
        try
        {
            lock (Gate)
            {
                if (!IsLive(file, out var path))
                {
                    return SqliteCodes.Ok;
                }

                var session = s_session!;
                if (++session.SyncCount == session.CrashAtSync)
                {
                    PowerOff(session);
                    return SqliteCodes.IoErrFsync;
                }

                // On disk now; the real file's own fsync would only cost time, the real file is the disk.
                if (Unsynced.Remove(path, out var changes))
                {
                    foreach (var change in changes)
                    {
                        change.WriteThrough(file, change.Length);
                    }

                    Discard(changes);
                }

                return SqliteCodes.Ok;
            }
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFsync);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileSize(SqliteFile* file, long* size)
    {
        try
        {
            lock (Gate)
            {
                var rc = UnixOf(file)->FileSize(file, size);
                if (rc == SqliteCodes.Ok && ChangesOf(file, out var changes))
                {
                    foreach (var change in changes)
                    {
                        *size = change.Apply(*size, [], 0);
                    }
                }

                return rc;
            }
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrFstat);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fetch(SqliteFile* file, long offset, int amount, void** memory)
    {
        try
        {
            *memory = null;
            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrMmap);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unfetch(SqliteFile* file, long offset, void* memory)
    {
        try
        {
            return SqliteCodes.Ok;
        }
        catch (Exception e)
        {
            return SqliteCodes.ForException(e, SqliteCodes.IoErrMmap);
        }
    }

    private static IoMethods* UnixOf(SqliteFile* file) => Files[(nint)file].Unix;

    /// <summary>A file of the running session, before the power went; otherwise every change to it is a no-op.</summary>
    private static bool IsLive(SqliteFile* file, out string path)
    {
        path = "";
        if (s_session is not { Crashed: false } || !Files.TryGetValue((nint)file, out var open) || open.Session != s_sessionNumber)
        {
            return false;
        }

        path = open.Path;
        return true;
    }

    private static bool ChangesOf(SqliteFile* file, out List<Change> changes)
    {
        changes = [];
        return IsLive(file, out var path) && Unsynced.TryGetValue(path, out changes!);
    }

    /// <summary>A write, or a truncation to <paramref name="offset"/> (no data), unsynced.</summary>
    private static void Keep(SqliteFile* file, long offset, ReadOnlySpan<byte> data)
    {
        if (!IsLive(file, out var path))
        {
            return;
        }

        if (!Unsynced.TryGetValue(path, out var changes))
        {
            Unsynced[path] = changes = [];
        }

        // Pooled: a log's writes come in up to 120 KB, which would otherwise land on the large object heap.
        var copy = data.IsEmpty ? null : ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        changes.Add(new Change(path, ++s_sequence, offset, copy, data.Length));
        s_session!.Changes++;
    }

    private static long RealSize(SqliteFile* file)
    {
        long size;
        var rc = UnixOf(file)->FileSize(file, &size);
        return rc == SqliteCodes.Ok ? size : throw new IOException($"The real file's size failed (SQLite error {rc}).");
    }

    /// <summary>The power goes: each unsynced change, in the order it was made, is kept, dropped or torn.</summary>
    private static void PowerOff(Session session)
    {
        var changes = Unsynced.Values.SelectMany(c => c).OrderBy(c => c.Sequence).ToList();
        foreach (var change in changes)
        {
            var kept = change.Data is null
                ? (session.Random.Next(2) == 0 ? 0 : -1)
                : session.Random.Next(3) switch
                {
                    0 => change.Length,
                    1 => -1,
                    _ => change.TornLength(session.Random),
                };
            if (kept < 0)
            {
                session.Dropped++;
                continue;
            }

            session.Torn += kept < change.Length ? 1 : 0;
            change.WriteThrough(HandleOf(change.Path), kept);
        }

        Discard(changes);
        Unsynced.Clear();
        session.Crashed = true;
    }

    /// <summary>An open SQLite handle on the path, if any: a second handle closed would drop SQLite's locks on the file.</summary>
    private static SqliteFile* HandleOf(string path)
    {
        foreach (var (file, open) in Files)
        {
            if (open.Path == path && open.Session == s_sessionNumber)
            {
                return (SqliteFile*)file;
            }
        }

        return null;
    }

    private readonly struct OpenFile(string path, int session, IoMethods* unix)
    {
        public string Path { get; } = path;

        public int Session { get; } = session;

        public IoMethods* Unix { get; } = unix;
    }

    private static void Discard(IEnumerable<Change> changes)
    {
        foreach (var change in changes.Where(c => c.Data is not null))
        {
            ArrayPool<byte>.Shared.Return(change.Data!);
        }
    }

    /// <summary>One unsynced write (the first <see cref="Length"/> bytes of <see cref="Data"/>), or a truncation (no data) to <see cref="Offset"/>.</summary>
    private sealed record Change(string Path, long Sequence, long Offset, byte[]? Data, int Length)
    {
        /// <summary>This change seen through the cache: the file's size after it, and the part of <paramref name="buffer"/> (read at <paramref name="at"/>) it covers.</summary>
        public long Apply(long size, Span<byte> buffer, long at)
        {
            if (Data is null)
            {
                buffer[(int)Math.Clamp(Offset - at, 0, buffer.Length)..].Clear();
                return Offset;
            }

            var from = Math.Max(Offset, at);
            var to = Math.Min(Offset + Length, at + buffer.Length);
            if (from < to)
            {
                Data.AsSpan((int)(from - Offset), (int)(to - from)).CopyTo(buffer[(int)(from - at)..]);
            }

            return Math.Max(size, Offset + Length);
        }

        /// <summary>A torn write's surviving length: a prefix of whole sectors, or nothing or everything when it touches one sector.</summary>
        public int TornLength(Random random)
        {
            var first = Offset / SectorBytes;
            var sectors = (int)((Offset + Length - 1) / SectorBytes - first + 1);
            return sectors == 1
                ? (random.Next(2) == 0 ? 0 : Length)
                : (int)((first + random.Next(1, sectors)) * SectorBytes - Offset);
        }

        /// <summary>Puts the change, or the first <paramref name="length"/> bytes of a write, on the real file.</summary>
        public void WriteThrough(SqliteFile* file, int length)
        {
            if (file is null)
            {
                // No SQLite handle left on the file: the machine is dead, so its locks no longer matter.
                using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
                if (Data is null)
                {
                    stream.SetLength(Offset);
                }
                else
                {
                    stream.Position = Offset;
                    stream.Write(Data, 0, length);
                }

                return;
            }

            int rc;
            fixed (byte* data = Data)
            {
                rc = Data is null ? UnixOf(file)->Truncate(file, Offset) : length == 0 ? SqliteCodes.Ok : UnixOf(file)->Write(file, data, length, Offset);
            }

            if (rc != SqliteCodes.Ok)
            {
                throw new IOException($"Writing to the real file failed (SQLite error {rc}).");
            }
        }
    }

    /// <summary>The disk powered on; disposing it cuts the power, if a crash has not already.</summary>
    internal sealed class Session(Random random, int crashAtSync) : IDisposable
    {
        public Random Random { get; } = random;

        public int CrashAtSync { get; } = crashAtSync;

        /// <summary>Syncs of a database or log, the one that crashed included.</summary>
        public int SyncCount { get; set; }

        /// <summary>Writes and truncations made before the crash.</summary>
        public int Changes { get; set; }

        /// <summary>What the crash did with the unsynced changes: dropped, or kept only in part.</summary>
        public int Dropped { get; set; }

        public int Torn { get; set; }

        public bool Crashed { get; set; }

        /// <summary>The power goes now, unless it already did.</summary>
        public void CrashNow()
        {
            lock (Gate)
            {
                if (!Crashed)
                {
                    PowerOff(this);
                }
            }
        }

        public void Dispose()
        {
            CrashNow();
            lock (Gate)
            {
                s_session = null;
            }
        }
    }
}
