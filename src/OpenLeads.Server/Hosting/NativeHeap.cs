using System.Runtime.InteropServices;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// glibc's allocator, which SQLite allocates from, gives threads that contend for it arenas of their own, up to eight per
/// core, and keeps what is freed in them: under 16 clients a SQLite server's resident memory grew from 355 MB to 522 MB in a
/// 90-second soak, while in a 120-second one (dotnet-counters) its .NET heap stayed near 26 MB. So on Linux the server caps new arenas at two (as
/// <c>MALLOC_ARENA_MAX=2</c> would from the start; when that variable is set glibc reads it itself and the cap is left alone)
/// and gives the free memory of every arena back to the system every few seconds (<c>malloc_trim</c>). Elsewhere (not Linux,
/// or a C library without these calls) nothing is done. Figures: docs/PERFORMANCE.md, soak.
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's malloc.h
    private const int Arenas = 2;
    private static readonly TimeSpan TrimEvery = TimeSpan.FromSeconds(5);
    private static Timer? _trim;

    /// <summary>Once per process (a test host may run the server's entry point many times); the trim runs for the process's life.</summary>
    public static void Tend()
    {
        if (!OperatingSystem.IsLinux() || _trim is not null) return;
        try
        {
            if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null) _ = MallOpt(ArenaMaxParameter, Arenas);
            _ = MallocTrim(0);
            var timer = new Timer(_ => _ = MallocTrim(0), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (Interlocked.CompareExchange(ref _trim, timer, null) is null) timer.Change(TrimEvery, TrimEvery);
            else timer.Dispose();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    // DllImport, not LibraryImport: ints need no marshalling, and LibraryImport would make the project allow unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
