using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Graylane.Bench;

/// <summary>
/// Starts a program with posix_spawn and waits for it with wait4, which hands back the kernel's account of that one
/// process: user CPU and peak resident memory (ru_maxrss), as GNU time reports them, with no wrapper process whose own
/// start would be timed too. System.Diagnostics.Process cannot: it reaps its children itself and keeps no rusage.
/// Linux only (the bench runs where the local cluster and kubectl run).
/// </summary>
public static partial class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Wall, TimeSpan UserCpu, TimeSpan SystemCpu, long PeakRssKiB);

    public static async Task<Result> RunAsync(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, string? stdin)
    {
        var (inRead, inWrite) = Pipe();
        var (outRead, outWrite) = Pipe();
        var (errRead, errWrite) = Pipe();
        long started;
        int pid;
        try
        {
            (pid, started) = Spawn(file, args, environment, inRead, outWrite, errWrite);
        }
        finally
        {
            // The child has its copies; ours of the ends it uses are closed so EOF arrives when it exits.
            close(inRead);
            close(outWrite);
            close(errWrite);
        }

        var stdout = ReadAllAsync(outRead);
        var stderr = ReadAllAsync(errRead);
        await using (var input = new FileStream(new SafeFileHandle(inWrite, ownsHandle: true), FileAccess.Write))
            if (stdin is not null)
                await input.WriteAsync(Encoding.UTF8.GetBytes(stdin));
        // wait4 on a thread of its own, the end time taken the moment it returns (not when a busy thread pool gets to us).
        var (status, usage, ended) = await Task.Factory.StartNew(() => Wait(pid), TaskCreationOptions.LongRunning);
        var exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        return new Result(exit, await stdout, await stderr, Stopwatch.GetElapsedTime(started, ended), Time(usage.UserSec, usage.UserUsec), Time(usage.SysSec, usage.SysUsec), usage.MaxRssKiB);
    }

    private static unsafe (int Pid, long Started) Spawn(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, int stdin, int stdout, int stderr)
    {
        var actions = Marshal.AllocHGlobal(512); // posix_spawn_file_actions_t is 80 bytes on glibc; room to spare
        var argv = CStrings([file, .. args]);
        var envp = CStrings(environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value}").ToList());
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(posix_spawn_file_actions_adddup2(actions, stdin, 0), "adddup2 stdin");
            Check(posix_spawn_file_actions_adddup2(actions, stdout, 1), "adddup2 stdout");
            Check(posix_spawn_file_actions_adddup2(actions, stderr, 2), "adddup2 stderr");
            var fileZ = Encoding.UTF8.GetBytes(file + "\0");
            int pid;
            var started = Stopwatch.GetTimestamp();
            fixed (byte* f = fileZ)
                Check(posix_spawnp(out pid, f, actions, IntPtr.Zero, (byte**)argv.Pointer, (byte**)envp.Pointer), $"posix_spawnp {file}");
            return (pid, started);
        }
        finally
        {
            posix_spawn_file_actions_destroy(actions);
            Marshal.FreeHGlobal(actions);
            argv.Free();
            envp.Free();
        }
    }

    private static unsafe (int Status, RUsage Usage, long Ended) Wait(int pid)
    {
        while (true)
        {
            int status;
            RUsage usage;
            var r = wait4(pid, &status, 0, &usage);
            if (r == pid) return (status, usage, Stopwatch.GetTimestamp());
            if (Marshal.GetLastPInvokeError() != 4 /* EINTR */) throw new InvalidOperationException($"wait4 failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static TimeSpan Time(long sec, long usec) => TimeSpan.FromSeconds(sec) + TimeSpan.FromMicroseconds(usec);

    private static async Task<string> ReadAllAsync(int fd)
    {
        await using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static unsafe (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Check(pipe2(fds, 0x80000 /* O_CLOEXEC */) == 0 ? 0 : Marshal.GetLastPInvokeError(), "pipe2");
        return (fds[0], fds[1]);
    }

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"{what} failed: errno {error}");
    }

    /// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings in unmanaged memory.</summary>
    private readonly struct CStringArray(IntPtr pointer, IntPtr[] items)
    {
        public IntPtr Pointer => pointer;

        public void Free()
        {
            foreach (var p in items) Marshal.FreeHGlobal(p);
            Marshal.FreeHGlobal(pointer);
        }
    }

    private static CStringArray CStrings(IReadOnlyList<string> values)
    {
        var items = values.Select(v => Marshal.StringToCoTaskMemUTF8(v)).ToArray();
        var array = Marshal.AllocHGlobal(IntPtr.Size * (items.Length + 1));
        for (var i = 0; i < items.Length; i++) Marshal.WriteIntPtr(array, i * IntPtr.Size, items[i]);
        Marshal.WriteIntPtr(array, items.Length * IntPtr.Size, IntPtr.Zero);
        return new CStringArray(array, items);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec, UserUsec, SysSec, SysUsec;
        public long MaxRssKiB, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int pipe2(int* fds, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(IntPtr actions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(IntPtr actions);

    [LibraryImport("libc")]
    private static unsafe partial int posix_spawnp(out int pid, byte* file, IntPtr actions, IntPtr attributes, byte** argv, byte** envp);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int wait4(int pid, int* status, int options, RUsage* usage);
}
