using System.Text;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// RTM_GETLINK / RTM_NEWLINK. linux/rtnetlink.h struct ifinfomsg, 16 octets, then rtattrs:
/// <code>
///  0               1               2               3
/// +---------------+---------------+-------------------------------+
/// |  ifi_family   |   (padding)   |           ifi_type            |
/// +---------------+---------------+-------------------------------+
/// |                          ifi_index                            |
/// +---------------------------------------------------------------+
/// |                          ifi_flags                            |
/// +---------------------------------------------------------------+
/// |                          ifi_change                           |
/// +---------------------------------------------------------------+
/// </code>
/// </summary>
internal static class LinkMessage
{
    public const int FixedSize =
        sizeof(byte) +    // ifi_family
        sizeof(byte) +    // padding
        sizeof(ushort) +  // ifi_type (ARPHRD_*)
        sizeof(int) +     // ifi_index
        sizeof(uint) +    // ifi_flags (IFF_*)
        sizeof(uint);     // ifi_change: which flags to change

    private const int IndexOffset = sizeof(byte) + sizeof(byte) + sizeof(ushort);
    private const int FlagsOffset = IndexOffset + sizeof(int);
    private const int ChangeOffset = FlagsOffset + sizeof(uint);

    /// <summary>Looks a link up by name (NLM_F_ACK: the reply, then the ack).</summary>
    public static void WriteGetByName(NetlinkWriter writer, uint sequence, string name)
    {
        writer.BeginMessage(Rtnl.RtmGetLink, Rtnl.NlmFRequest | Rtnl.NlmFAck, sequence);
        writer.ReserveFixed(FixedSize);
        writer.AddString(Rtnl.IflaIfname, name);
        writer.EndMessage();
    }

    /// <summary>
    /// Changes an existing link: MTU (IFLA_MTU), IPv6 address generation (IFLA_AF_SPEC { AF_INET6 {
    /// IFLA_INET6_ADDR_GEN_MODE } }) and the up flag, each only when given.
    /// </summary>
    public static void WriteSet(NetlinkWriter writer, uint sequence, int index, int? mtu, byte? addressGenerationMode, bool? up)
    {
        writer.BeginMessage(Rtnl.RtmNewLink, Rtnl.NlmFRequest | Rtnl.NlmFAck, sequence);
        var ifi = writer.ReserveFixed(FixedSize);
        NativeEndian.WriteInt32(ifi[IndexOffset..], index);
        if (up is { } wantUp)
        {
            NativeEndian.WriteUInt32(ifi[FlagsOffset..], wantUp ? Rtnl.IffUp : 0);
            NativeEndian.WriteUInt32(ifi[ChangeOffset..], Rtnl.IffUp);
        }

        if (mtu is { } m)
        {
            writer.AddUInt32(Rtnl.IflaMtu, (uint)m);
        }

        if (addressGenerationMode is { } mode)
        {
            var afSpec = writer.BeginNested(Rtnl.IflaAfSpec);
            var inet6 = writer.BeginNested(Rtnl.AfInet6);
            writer.AddByte(Rtnl.IflaInet6AddrGenMode, mode);
            writer.EndNested(inet6);
            writer.EndNested(afSpec);
        }

        writer.EndMessage();
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out LinkState link)
    {
        link = null!;
        if (payload.Length < FixedSize)
        {
            return false;
        }

        var index = NativeEndian.ReadInt32(payload[IndexOffset..]);
        var flags = NativeEndian.ReadUInt32(payload[FlagsOffset..]);
        var name = "";
        var mtu = 0;
        byte? mode = null;
        var attributes = new RtAttributeReader(payload[FixedSize..]);
        while (attributes.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Rtnl.IflaIfname:
                    name = Encoding.UTF8.GetString(value.TrimEnd((byte)0));
                    break;
                case Rtnl.IflaMtu when value.Length == sizeof(uint):
                    mtu = (int)NativeEndian.ReadUInt32(value);
                    break;
                case Rtnl.IflaAfSpec:
                    mode = ReadAddressGenerationMode(value);
                    break;
            }
        }

        link = new LinkState(index, name, mtu, (flags & Rtnl.IffUp) != 0, mode);
        return true;
    }

    private static byte? ReadAddressGenerationMode(ReadOnlySpan<byte> afSpec)
    {
        var families = new RtAttributeReader(afSpec);
        while (families.TryRead(out var family, out var familyValue))
        {
            if (family != Rtnl.AfInet6)
            {
                continue;
            }

            var inet6 = new RtAttributeReader(familyValue);
            while (inet6.TryRead(out var type, out var value))
            {
                if (type == Rtnl.IflaInet6AddrGenMode && value.Length >= 1)
                {
                    return value[0];
                }
            }
        }

        return null;
    }
}
