namespace Babelwire.Agent.Netlink;

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
