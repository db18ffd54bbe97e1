using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.WireGuard;

/// <summary>WireGuard log messages (docs/code-style.md §8): every UAPI transaction and <c>wg</c> command at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.UapiTransaction, LogLevel.Trace, "UAPI {Operation} on {Interface}: {Lines} line(s) sent, {ReplyLength} characters back, errno {Errno}, {ElapsedMs:F2} ms")]
    public static partial void UapiTransaction(ILogger logger, string operation, string @interface, int lines, int replyLength, int errno, double elapsedMs);

    [LoggerMessage(EventIds.UapiTransactionText, LogLevel.Trace, "UAPI {Operation} on {Interface} sent:\n{Text}")]
    public static partial void UapiTransactionText(ILogger logger, string operation, string @interface, string text);

    [LoggerMessage(EventIds.UapiTransactionFailed, LogLevel.Error, "UAPI {Operation} on {Interface} failed; the device will be read again before the next change")]
    public static partial void UapiTransactionFailed(ILogger logger, string operation, string @interface, Exception exception);

    [LoggerMessage(EventIds.AllowedIpRemovalProbed, LogLevel.Information, "WireGuard interface {Interface} removes single allowed IPs: {Supported}; AllowedIPs edits use {Mode}")]
    public static partial void AllowedIpRemovalProbed(ILogger logger, string @interface, bool supported, AllowedIpRemoval mode);

    [LoggerMessage(EventIds.DeviceReread, LogLevel.Debug, "Read WireGuard interface {Interface}: {Peers} peer(s), {AllowedIps} allowed IP(s)")]
    public static partial void DeviceReread(ILogger logger, string @interface, int peers, int allowedIps);

    [LoggerMessage(EventIds.ProbeCleanupFailed, LogLevel.Warning, "Could not remove the probe peer {PublicKey} from {Interface}; remove it by hand if it stays")]
    public static partial void ProbeCleanupFailed(ILogger logger, string @interface, WireGuardKey publicKey, Exception exception);

    [LoggerMessage(EventIds.WgCommand, LogLevel.Trace, "{Command} exited {ExitCode} in {ElapsedMs:F1} ms")]
    public static partial void WgCommand(ILogger logger, string command, int exitCode, double elapsedMs);

    [LoggerMessage(EventIds.WgCommandFailed, LogLevel.Error, "{Command} failed; the device will be read again before the next change")]
    public static partial void WgCommandFailed(ILogger logger, string command, Exception exception);

    [LoggerMessage(EventIds.WireGuardGoStarted, LogLevel.Information, "wireguard-go {Interface} started (pid {Pid}{Namespace}), UAPI socket {Socket}")]
    public static partial void WireGuardGoStarted(ILogger logger, string @interface, int pid, string @namespace, string socket);

    [LoggerMessage(EventIds.WireGuardGoStopped, LogLevel.Information, "wireguard-go {Interface} stopped (exit {ExitCode})")]
    public static partial void WireGuardGoStopped(ILogger logger, string @interface, int exitCode);

    [LoggerMessage(EventIds.WireGuardGoOutput, LogLevel.Debug, "wireguard-go {Interface}: {Line}")]
    public static partial void WireGuardGoOutput(ILogger logger, string @interface, string line);

    [LoggerMessage(EventIds.PrivateKeyGenerated, LogLevel.Information, "Generated a new WireGuard private key in {Path}; public key {PublicKey}")]
    public static partial void PrivateKeyGenerated(ILogger logger, string path, WireGuardKey publicKey);
}
