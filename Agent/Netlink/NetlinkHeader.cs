namespace Babelwire.Agent.Netlink;

/// <summary>
/// linux/netlink.h struct nlmsghdr, 16 octets, host byte order:
/// <code>
///  0               1               2               3
/// +---------------------------------------------------------------+
/// |                          nlmsg_len                            |
/// +-------------------------------+-------------------------------+
/// |          nlmsg_type           |          nlmsg_flags          |
/// +-------------------------------+-------------------------------+
/// |                          nlmsg_seq                            |
/// +---------------------------------------------------------------+
/// |                          nlmsg_pid                            |
/// +---------------------------------------------------------------+
/// </code>
/// Messages and attributes are padded to 4 octets (NLMSG_ALIGNTO, RTA_ALIGNTO).
/// </summary>
internal readonly record struct NetlinkHeader(int Length, ushort Type, ushort Flags, uint Sequence, uint PortId)
{
    public const int Size =
        sizeof(uint) +    // nlmsg_len: header plus payload, without trailing padding
        sizeof(ushort) +  // nlmsg_type
        sizeof(ushort) +  // nlmsg_flags
        sizeof(uint) +    // nlmsg_seq
        sizeof(uint);     // nlmsg_pid: 0 from and to the kernel

    public const int Alignment = 4;

    private const int TypeOffset = sizeof(uint);
    private const int FlagsOffset = TypeOffset + sizeof(ushort);
    private const int SequenceOffset = FlagsOffset + sizeof(ushort);
    private const int PortIdOffset = SequenceOffset + sizeof(uint);

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    public void Write(Span<byte> destination)
    {
        NativeEndian.WriteUInt32(destination, (uint)Length);
        NativeEndian.WriteUInt16(destination[TypeOffset..], Type);
        NativeEndian.WriteUInt16(destination[FlagsOffset..], Flags);
        NativeEndian.WriteUInt32(destination[SequenceOffset..], Sequence);
        NativeEndian.WriteUInt32(destination[PortIdOffset..], PortId);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out NetlinkHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = new NetlinkHeader(
            (int)NativeEndian.ReadUInt32(source),
            NativeEndian.ReadUInt16(source[TypeOffset..]),
            NativeEndian.ReadUInt16(source[FlagsOffset..]),
            NativeEndian.ReadUInt32(source[SequenceOffset..]),
            NativeEndian.ReadUInt32(source[PortIdOffset..]));
        return true;
    }
}
