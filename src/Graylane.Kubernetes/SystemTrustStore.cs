using System.Runtime.InteropServices;

namespace Graylane.Kubernetes;

/// <summary>
/// Keeps .NET from reading the system trust store (~150 files under /etc/ssl/certs on Linux) in a process that never
/// needs it. On Linux, SslStream builds a chain against the system store at every handshake before it applies the
/// handler's own trust (a CA-pinned <c>CertificateChainPolicy</c> included), and the first build loads and parses the
/// whole store — the largest CPU cost of a short step. .NET finds the store through OpenSSL's SSL_CERT_FILE and
/// SSL_CERT_DIR, read from the native environment at that first load; set empty, they name no store, so nothing is read.
/// The check that matters is unchanged: the pinned CA is the only trust anchor either way.
/// Only for a process whose every TLS peer is pinned (a step that talks to nothing but a CA-pinned API server):
/// the setting is process-wide and cannot be undone once the store has been loaded.
/// </summary>
public static class SystemTrustStore
{
    private static readonly Lock Gate = new();
    private static bool _left;

    /// <summary>True once this process has told .NET to read no system store.</summary>
    public static bool LeftUnread
    {
        get { lock (Gate) return _left; }
    }

    /// <summary>
    /// Names no system store for the rest of the process (Linux; elsewhere the store is not a directory scan and this
    /// does nothing). Call before the first TLS handshake; child processes keep their environment (.NET starts them
    /// from its own copy, which this does not touch).
    /// </summary>
    public static void LeaveUnread()
    {
        if (!OperatingSystem.IsLinux()) return;
        lock (Gate)
        {
            if (_left) return;
            _left = NativeSetEnv("SSL_CERT_FILE", "") && NativeSetEnv("SSL_CERT_DIR", "");
        }
    }

    /// <summary>setenv(3) through the process's own libc (found in the global symbol scope, so glibc and musl alike).</summary>
    private static unsafe bool NativeSetEnv(string name, string value)
    {
        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "setenv", out var setenv)) return false;
        var n = Utf8Z(name);
        var v = Utf8Z(value);
        fixed (byte* pn = n, pv = v)
            return ((delegate* unmanaged<byte*, byte*, int, int>)setenv)(pn, pv, 1) == 0;
    }

    private static byte[] Utf8Z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
