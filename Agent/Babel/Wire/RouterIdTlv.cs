namespace Babelwire.Agent.Babel.Wire;

/// <summary>
/// RFC 8966 §4.6.7 Router-Id: sets the parser state's router-id for the Updates that follow.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 6    |    Length     |          Reserved             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// +                           Router-Id                           +
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// All zeros and all ones are invalid; the reader then reports no router-id, so finite Updates that follow are ignored.
/// </summary>
public static class RouterIdTlv
{
    public const int BodyLength =
        sizeof(ushort) +   // Reserved
        RouterId.Size;     // Router-Id

    private const int RouterIdOffset = sizeof(ushort);

    /// <summary>
    /// False with <see cref="TlvDropReason.UnknownMandatorySubTlv"/> still yields <paramref name="routerId"/>: RFC 8966 §4.4
    /// keeps a Router-Id's effect on the parser state even when the TLV itself is ignored.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out RouterId routerId, out TlvDropReason reason)
    {
        routerId = default;
        if (body.Length < BodyLength)
        {
            reason = TlvDropReason.Truncated;
            return false;
        }
        routerId = RouterId.Read(body[RouterIdOffset..]);
        if (!routerId.IsValid)
        {
            reason = TlvDropReason.InvalidRouterId;
            return false;
        }
        reason = SubTlvs.Scan(body[BodyLength..], 0, out _, out _);
        return reason == TlvDropReason.None;
    }

    public static bool TryWrite(Span<byte> destination, in RouterId routerId, out int written)
    {
        written = 0;
        if (destination.Length < TlvType.HeaderLength + BodyLength)
            return false;
        TlvType.WriteHeader(destination, TlvType.RouterId, BodyLength);
        var body = destination[TlvType.HeaderLength..];
        body[0] = 0;
        body[1] = 0;
        routerId.Write(body[RouterIdOffset..]);
        written = TlvType.HeaderLength + BodyLength;
        return true;
    }
}
