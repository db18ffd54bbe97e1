using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Netlink;

/// <summary>The kernel side's log messages (docs/code-style.md §8): every netlink message at Trace, route batches at Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.NetlinkSocketOpened, LogLevel.Debug, "rtnetlink socket open in the {Namespace} network namespace, receive buffer {Bytes} bytes")]
    public static partial void SocketOpened(ILogger logger, string @namespace, int bytes);

    [LoggerMessage(EventIds.NetlinkMessageSent, LogLevel.Trace, "netlink out: type {Type} flags 0x{Flags:x} seq {Sequence} len {Length} {Payload}")]
    public static partial void MessageSent(ILogger logger, ushort type, ushort flags, uint sequence, int length, string payload);

    [LoggerMessage(EventIds.NetlinkMessageReceived, LogLevel.Trace, "netlink in: type {Type} flags 0x{Flags:x} seq {Sequence} len {Length} {Payload}")]
    public static partial void MessageReceived(ILogger logger, ushort type, ushort flags, uint sequence, int length, string payload);

    [LoggerMessage(EventIds.NetlinkUnexpectedMessage, LogLevel.Debug, "Ignored a netlink message of type {Type} with sequence {Sequence} (not awaited)")]
    public static partial void UnexpectedMessage(ILogger logger, ushort type, uint sequence);

    [LoggerMessage(EventIds.KernelRoutesRead, LogLevel.Debug, "{Count} kernel routes with protocol {Protocol} are already installed")]
    public static partial void KernelRoutesRead(ILogger logger, int count, byte protocol);

    [LoggerMessage(EventIds.KernelRoutesProgrammed, LogLevel.Debug, "Kernel routes: {Added} added, {Replaced} replaced, {Deleted} deleted, {Failed} failed in {Milliseconds} ms")]
    public static partial void KernelRoutesProgrammed(ILogger logger, int added, int replaced, int deleted, int failed, double milliseconds);

    [LoggerMessage(EventIds.KernelRouteFailed, LogLevel.Debug, "Kernel route change failed: {Reason}")]
    public static partial void KernelRouteFailed(ILogger logger, string reason);

    [LoggerMessage(EventIds.KernelRoutesFailed, LogLevel.Warning, "{Failed} kernel route changes failed (they are retried on the next change); first: {First}")]
    public static partial void KernelRoutesFailed(ILogger logger, int failed, string first);

    [LoggerMessage(EventIds.LinkConfigured, LogLevel.Information, "{Interface} (index {Index}) configured: MTU {Mtu}, {Added} address(es) added, {Removed} removed, up")]
    public static partial void LinkConfigured(ILogger logger, string @interface, int index, int mtu, int added, int removed);

    [LoggerMessage(EventIds.LinkAddressRemoved, LogLevel.Debug, "Removed address {Address}/{PrefixLength} from {Interface}")]
    public static partial void LinkAddressRemoved(ILogger logger, System.Net.IPAddress address, int prefixLength, string @interface);
}
