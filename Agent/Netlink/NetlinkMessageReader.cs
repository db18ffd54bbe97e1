namespace Babelwire.Agent.Netlink;

/// <summary>
/// Walks the messages of one received datagram. <see cref="TryRead"/> returns false at the end, or when a header
/// claims more than is there (the rest of the datagram is then unusable).
/// </summary>
internal ref struct NetlinkMessageReader(ReadOnlySpan<byte> datagram)
{
    private ReadOnlySpan<byte> _rest = datagram;

    public bool TryRead(out NetlinkMessage message)
    {
        if (!NetlinkHeader.TryRead(_rest, out var header) || header.Length < NetlinkHeader.Size || header.Length > _rest.Length)
        {
            message = default;
            _rest = default;
            return false;
        }

        message = new NetlinkMessage(header, _rest[NetlinkHeader.Size..header.Length]);
        _rest = _rest[Math.Min(NetlinkHeader.Align(header.Length), _rest.Length)..];
        return true;
    }
}
