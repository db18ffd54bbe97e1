namespace Babelwire.Agent.Netlink;

/// <summary>The answer to one acknowledged request: errno 0 for success.</summary>
internal readonly record struct NetlinkAck(uint Sequence, int Errno, string? KernelMessage)
{
    public bool Succeeded => Errno == 0;

    /// <summary>
    /// linux/netlink.h struct nlmsgerr: <c>int error</c> (0 or a negative errno), then the request's nlmsghdr (and
    /// its payload unless NLM_F_CAPPED), then extended-ack attributes when NLM_F_ACK_TLVS is set.
    /// </summary>
    public static bool TryRead(in NetlinkMessage message, out NetlinkAck ack)
    {
        var payload = message.Payload;
        const int MinimumLength =
            sizeof(int) +          // error
            NetlinkHeader.Size;    // the request's header
        if (payload.Length < MinimumLength || !NetlinkHeader.TryRead(payload[sizeof(int)..], out var request))
        {
            ack = default;
            return false;
        }

        var echoed = (message.Header.Flags & Rtnl.NlmFCapped) != 0 ? NetlinkHeader.Size : NetlinkHeader.Align(request.Length);
        ack = new NetlinkAck(message.Header.Sequence, -NativeEndian.ReadInt32(payload), ReadText(message, sizeof(int) + echoed));
        return true;
    }

    /// <summary>
    /// NLMSG_DONE ends a dump: its payload is <c>int error</c> (0, or a negative errno when the dump failed), then
    /// extended-ack attributes when NLM_F_ACK_TLVS is set (no echoed header). An empty payload means success.
    /// </summary>
    public static NetlinkAck ReadDone(in NetlinkMessage message)
    {
        var payload = message.Payload;
        return payload.Length < sizeof(int)
            ? new NetlinkAck(message.Header.Sequence, 0, null)
            : new NetlinkAck(message.Header.Sequence, -NativeEndian.ReadInt32(payload), ReadText(message, sizeof(int)));
    }

    private static string? ReadText(in NetlinkMessage message, int tlvStart)
    {
        if ((message.Header.Flags & Rtnl.NlmFAckTlvs) == 0 || tlvStart > message.Payload.Length)
        {
            return null;
        }

        string? text = null;
        var attributes = new RtAttributeReader(message.Payload[tlvStart..]);
        while (attributes.TryRead(out var type, out var value))
        {
            if (type == Rtnl.NlmsgerrAttrMsg)
            {
                text = System.Text.Encoding.UTF8.GetString(value.TrimEnd((byte)0)).TrimEnd('\n');
            }
        }

        return text;
    }
}
