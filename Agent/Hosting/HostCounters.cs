namespace Babelwire.Agent.Hosting;

/// <summary>What the host did with datagrams; written from the receive task and the loop, hence Interlocked.</summary>
public sealed class HostCounters
{
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _droppedNotLinkLocal;
    private long _droppedUnknownInterface;
    private long _receiveErrors;
    private long _datagramsSent;
    private long _bytesSent;
    private long _sendErrors;

    public long DatagramsReceived => Volatile.Read(ref _datagramsReceived);
    public long BytesReceived => Volatile.Read(ref _bytesReceived);
    public long DroppedNotLinkLocal => Volatile.Read(ref _droppedNotLinkLocal);
    public long DroppedUnknownInterface => Volatile.Read(ref _droppedUnknownInterface);
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);
    public long DatagramsSent => Volatile.Read(ref _datagramsSent);
    public long BytesSent => Volatile.Read(ref _bytesSent);
    public long SendErrors => Volatile.Read(ref _sendErrors);

    public void Received(int bytes)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    public void DroppedForSource() => Interlocked.Increment(ref _droppedNotLinkLocal);

    public void DroppedForInterface() => Interlocked.Increment(ref _droppedUnknownInterface);

    public void ReceiveError() => Interlocked.Increment(ref _receiveErrors);

    public void Sent(int bytes)
    {
        Interlocked.Increment(ref _datagramsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void SendError() => Interlocked.Increment(ref _sendErrors);

    public IReadOnlyDictionary<string, long> ToDictionary() => new SortedDictionary<string, long>(StringComparer.Ordinal)
    {
        ["datagramsReceived"] = DatagramsReceived,
        ["bytesReceived"] = BytesReceived,
        ["droppedNotLinkLocal"] = DroppedNotLinkLocal,
        ["droppedUnknownInterface"] = DroppedUnknownInterface,
        ["receiveErrors"] = ReceiveErrors,
        ["datagramsSent"] = DatagramsSent,
        ["bytesSent"] = BytesSent,
        ["sendErrors"] = SendErrors,
    };
}
