namespace Babelwire.Agent.Netlink;

/// <summary>
/// Builds one or more netlink messages into one buffer for a single sendmsg (a batch). Each message's header is
/// reserved first and its length filled in by <see cref="EndMessage"/>, as MQTTnet's encoder does; attributes are
/// padded to 4 octets and nested attributes get their length when closed.
/// </summary>
internal sealed class NetlinkWriter
{
    /// <summary>struct rtattr: rta_len, rta_type.</summary>
    public const int AttributeHeaderSize =
        sizeof(ushort) +  // rta_len: header plus value, without padding
        sizeof(ushort);   // rta_type

    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;

    public NetlinkWriter(int initialCapacity = 4096) => _buffer = new byte[initialCapacity];

    /// <summary>The bytes written so far (whole messages only once every message is ended).</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public int Length => _length;

    /// <summary>The sequence numbers of the messages in this batch, in order.</summary>
    public List<uint> Sequences { get; } = [];

    public void Clear()
    {
        _length = 0;
        _messageStart = -1;
        Sequences.Clear();
    }

    /// <summary>Reserves a header; the caller writes the fixed part and attributes, then calls <see cref="EndMessage"/>.</summary>
    public void BeginMessage(ushort type, ushort flags, uint sequence)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("the previous netlink message was not ended");
        }

        _messageStart = _length;
        Reserve(NetlinkHeader.Size);
        new NetlinkHeader(0, type, flags, sequence, 0).Write(_buffer.AsSpan(_messageStart));
        Sequences.Add(sequence);
    }

    /// <summary>Space for the message's fixed part (rtmsg, ifaddrmsg, ifinfomsg), zeroed, padded to 4 octets.</summary>
    public Span<byte> ReserveFixed(int size) => Reserve(size);

    public void EndMessage()
    {
        NativeEndian.WriteUInt32(_buffer.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _messageStart = -1;
    }

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var attribute = Reserve(AttributeHeaderSize + value.Length);
        NativeEndian.WriteUInt16(attribute, (ushort)(AttributeHeaderSize + value.Length));
        NativeEndian.WriteUInt16(attribute[sizeof(ushort)..], type);
        value.CopyTo(attribute[AttributeHeaderSize..]);
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        NativeEndian.WriteUInt32(bytes, value);
        AddAttribute(type, bytes);
    }

    public void AddByte(ushort type, byte value) => AddAttribute(type, [value]);

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME).</summary>
    public void AddString(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[value.Length * 3 + 1];
        var count = System.Text.Encoding.UTF8.GetBytes(value, bytes);
        bytes[count] = 0;
        AddAttribute(type, bytes[..(count + 1)]);
    }

    /// <summary>Opens a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var header = Reserve(AttributeHeaderSize);
        NativeEndian.WriteUInt16(header[sizeof(ushort)..], type);
        return start;
    }

    public void EndNested(int start) =>
        NativeEndian.WriteUInt16(_buffer.AsSpan(start), (ushort)(_length - start));

    private Span<byte> Reserve(int size)
    {
        var padded = NetlinkHeader.Align(size);
        if (_length + padded > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + padded));
        }

        var span = _buffer.AsSpan(_length, padded);
        span.Clear();
        _length += padded;
        return span[..size];
    }
}
