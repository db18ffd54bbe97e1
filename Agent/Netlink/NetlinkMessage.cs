namespace Babelwire.Agent.Netlink;

/// <summary>One message of a received datagram: its header and its payload (without padding).</summary>
internal readonly ref struct NetlinkMessage(NetlinkHeader header, ReadOnlySpan<byte> payload)
{
    public NetlinkHeader Header { get; } = header;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}
