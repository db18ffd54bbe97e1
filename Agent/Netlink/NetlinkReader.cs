namespace Babelwire.Agent.Netlink;

/// <summary>One message of a received datagram: its header and its payload (without padding).</summary>
internal readonly ref struct NetlinkMessage(NetlinkHeader header, ReadOnlySpan<byte> payload)
{
    public NetlinkHeader Header { get; } = header;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}

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

/// <summary>Walks struct rtattr attributes; stops at the end or at an attribute that runs past it.</summary>
internal ref struct RtAttributeReader(ReadOnlySpan<byte> attributes)
{
    private ReadOnlySpan<byte> _rest = attributes;

    /// <summary>Type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits.</summary>
    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        const ushort TypeMask = 0x3fff;
        if (_rest.Length < NetlinkWriter.AttributeHeaderSize)
        {
            type = 0;
            value = default;
            return false;
        }

        var length = NativeEndian.ReadUInt16(_rest);
        if (length < NetlinkWriter.AttributeHeaderSize || length > _rest.Length)
        {
            type = 0;
            value = default;
            _rest = default;
            return false;
        }

        type = (ushort)(NativeEndian.ReadUInt16(_rest[sizeof(ushort)..]) & TypeMask);
        value = _rest[NetlinkWriter.AttributeHeaderSize..length];
        _rest = _rest[Math.Min(NetlinkHeader.Align(length), _rest.Length)..];
        return true;
    }
}
