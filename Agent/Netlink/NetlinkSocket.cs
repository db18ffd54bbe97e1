using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Netlink;

/// <summary>
/// An AF_NETLINK / NETLINK_ROUTE socket. .NET's <see cref="Socket"/> refuses AF_NETLINK in its constructor (no
/// <see cref="AddressFamily"/> maps to 16; measured on .NET 10), so the descriptor comes from libc's socket(2) and is
/// wrapped in a <see cref="SafeSocketHandle"/>: sends and (async) receives then go through <see cref="Socket"/>.
/// No bind: the kernel binds the socket to a unique port id on the first send, and an unaddressed send goes to the
/// kernel. One caller at a time (the owners hold a lock).
/// <para>
/// A netlink socket belongs to the network namespace of the thread that created it, for its whole life. To work in
/// another namespace, <see cref="Open"/> creates the socket on a short-lived dedicated thread that first joins that
/// namespace with setns(2); every later call may run on any thread.
/// </para>
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    /// <summary>
    /// Kernel receive buffer: acks of a whole batch and dumps of 100,000 routes queue here (SO_RCVBUFFORCE as root,
    /// SO_RCVBUF, capped by net.core.rmem_max, otherwise).
    /// </summary>
    public const int KernelReceiveBufferBytes = 8 << 20;

    /// <summary>A kernel dump datagram is at most 32 KiB (netlink_recvmsg caps max_recvmsg_len); acks are smaller.</summary>
    private const int DatagramBufferBytes = 64 << 10;

    private const int CloneNewNet = 0x40000000;

    /// <summary>
    /// The kernel answers a request during the sendmsg itself and a dump as fast as it is read, so a missing
    /// reply means something is badly wrong: fail rather than wait forever.
    /// </summary>
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly byte[] _datagram = new byte[DatagramBufferBytes];
    private uint _sequence;

    private NetlinkSocket(Socket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Opens a socket in this process's namespace, or in the one at <paramref name="networkNamespacePath"/> (e.g. /var/run/netns/NAME).</summary>
    public static NetlinkSocket Open(ILogger logger, string? networkNamespacePath = null)
    {
        if (networkNamespacePath is null)
        {
            return OpenHere(logger, "current");
        }

        NetlinkSocket? opened = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(networkNamespacePath);
                if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new NetlinkException($"setns({networkNamespacePath})", Marshal.GetLastPInvokeError());
                }

                opened = OpenHere(logger, networkNamespacePath);
            }
            catch (Exception e)
            {
                // Handed to the caller below: an exception escaping this thread would end the process.
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "netlink-setns",
        };
        thread.Start();
        thread.Join();
        if (opened is null)
        {
            throw failure as NetlinkException ?? new NetlinkException($"cannot open a netlink socket in {networkNamespacePath}: {failure?.Message}", failure!);
        }

        return opened;
    }

    /// <summary>The kernel receive buffer actually granted (the kernel doubles the asked size for its bookkeeping).</summary>
    public int ReceiveBufferSize => _socket.ReceiveBufferSize;

    public uint NextSequence() => ++_sequence;

    /// <summary>
    /// Sends a batch of requests that all carry NLM_F_ACK, and returns one ack per request, in batch order. The kernel
    /// handles every message of a sendmsg in turn and goes on after an error, so one failure does not hide the rest.
    /// </summary>
    public async Task<NetlinkAck[]> ExecuteAsync(NetlinkWriter batch, CancellationToken cancellationToken)
    {
        var acks = new NetlinkAck?[batch.Sequences.Count];
        var index = new Dictionary<uint, int>(batch.Sequences.Count);
        for (var i = 0; i < batch.Sequences.Count; i++)
        {
            index[batch.Sequences[i]] = i;
        }

        await SendAsync(batch, cancellationToken);
        using var timeout = WithReplyTimeout(cancellationToken);
        var pending = acks.Length;
        while (pending > 0)
        {
            var length = await ReceiveAsync($"{pending} of {acks.Length} acks", cancellationToken, timeout.Token);
            pending -= CollectAcks(_datagram.AsSpan(0, length), index, acks);
        }

        return [.. acks.Select(a => a!.Value)];
    }

    /// <summary>
    /// Sends one request and hands each reply message with its sequence number to <paramref name="onMessage"/>
    /// until the end: NLMSG_DONE for a dump (NLM_F_DUMP), the ack for a request with NLM_F_ACK. An error answer
    /// throws <see cref="NetlinkException"/>. Returns false when the kernel flagged the dump as interrupted
    /// (NLM_F_DUMP_INTR: the table changed meanwhile, so the caller should dump again).
    /// </summary>
    public async Task<bool> RequestAsync(NetlinkWriter request, string operation, MessageHandler onMessage, CancellationToken cancellationToken)
    {
        var sequence = request.Sequences.Single();
        await SendAsync(request, cancellationToken);
        using var timeout = WithReplyTimeout(cancellationToken);
        var state = new RequestState(sequence, operation);
        while (!state.Done)
        {
            var length = await ReceiveAsync(operation, cancellationToken, timeout.Token);
            Dispatch(_datagram.AsSpan(0, length), ref state, onMessage);
        }

        return !state.Interrupted;
    }

    public void Dispose() => _socket.Dispose();

    internal delegate void MessageHandler(in NetlinkMessage message);

    private static NetlinkSocket OpenHere(ILogger logger, string where)
    {
        var fd = CreateSocket(Rtnl.AfNetlink, Rtnl.SockRaw | Rtnl.SockCloexec, Rtnl.NetlinkRoute);
        if (fd < 0)
        {
            throw new NetlinkException("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)", Marshal.GetLastPInvokeError());
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        Span<byte> value = stackalloc byte[sizeof(int)];
        NativeEndian.WriteInt32(value, KernelReceiveBufferBytes);
        try
        {
            socket.SetRawSocketOption(Rtnl.SolSocket, Rtnl.SoRcvbufForce, value);
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = KernelReceiveBufferBytes;
        }

        // Optional refinements; an older kernel without them still works.
        TrySetFlag(socket, Rtnl.NetlinkCapAck);
        TrySetFlag(socket, Rtnl.NetlinkExtAck);
        TrySetFlag(socket, Rtnl.NetlinkGetStrictChk);
        Log.SocketOpened(logger, where, socket.ReceiveBufferSize);
        return new NetlinkSocket(socket, logger);
    }

    private static void TrySetFlag(Socket socket, int option)
    {
        Span<byte> one = stackalloc byte[sizeof(int)];
        NativeEndian.WriteInt32(one, 1);
        try
        {
            socket.SetRawSocketOption(Rtnl.SolNetlink, option, one);
        }
        catch (SocketException)
        {
            // Kernel older than the option.
        }
    }

    private async Task SendAsync(NetlinkWriter batch, CancellationToken cancellationToken)
    {
        TraceMessages(batch.Written, outgoing: true);
        try
        {
            var sent = await _socket.SendAsync(batch.WrittenMemory, SocketFlags.None, cancellationToken);
            if (sent != batch.Length)
            {
                throw new NetlinkException($"netlink send was short: {sent} of {batch.Length} bytes", new IOException());
            }
        }
        catch (SocketException e)
        {
            throw new NetlinkException($"netlink send of {batch.Length} bytes failed: {e.Message}", e);
        }
    }

    /// <summary>The caller's token, plus <see cref="ReplyTimeout"/> for the whole exchange.</summary>
    private static CancellationTokenSource WithReplyTimeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        return timeout;
    }

    private async Task<int> ReceiveAsync(string awaiting, CancellationToken cancellationToken, CancellationToken withTimeout)
    {
        try
        {
            var length = await _socket.ReceiveAsync(_datagram, SocketFlags.None, withTimeout);
            TraceMessages(_datagram.AsSpan(0, length), outgoing: false);
            return length;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NetlinkException($"no reply from the kernel within {ReplyTimeout.TotalSeconds} s while waiting for {awaiting}", e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
        {
            // ENOBUFS: the kernel dropped replies; what happened to the requests is unknown.
            throw new NetlinkException("netlink receive buffer overrun (ENOBUFS): replies were lost", e);
        }
        catch (SocketException e)
        {
            throw new NetlinkException($"netlink receive failed: {e.Message}", e);
        }
    }

    private int CollectAcks(ReadOnlySpan<byte> datagram, Dictionary<uint, int> index, NetlinkAck?[] acks)
    {
        var collected = 0;
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            if (message.Header.Type == Rtnl.NlmsgError
                && NetlinkAck.TryRead(message, out var ack)
                && index.TryGetValue(ack.Sequence, out var i)
                && acks[i] is null)
            {
                acks[i] = ack;
                collected++;
            }
            else
            {
                Log.UnexpectedMessage(_logger, message.Header.Type, message.Header.Sequence);
            }
        }

        return collected;
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, ref RequestState state, MessageHandler onMessage)
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            if (message.Header.Sequence != state.Sequence)
            {
                Log.UnexpectedMessage(_logger, message.Header.Type, message.Header.Sequence);
                continue;
            }

            state.Interrupted |= (message.Header.Flags & Rtnl.NlmFDumpIntr) != 0;
            switch (message.Header.Type)
            {
                case Rtnl.NlmsgDone:
                    state.Done = true;
                    ThrowIfFailed(NetlinkAck.ReadDone(message), state.Operation);
                    return;
                case Rtnl.NlmsgError when NetlinkAck.TryRead(message, out var ack):
                    state.Done = true;
                    ThrowIfFailed(ack, state.Operation);
                    return;
                case Rtnl.NlmsgNoop or Rtnl.NlmsgOverrun:
                    break;
                default:
                    onMessage(message);
                    break;
            }
        }
    }

    private static void ThrowIfFailed(NetlinkAck ack, string operation)
    {
        if (!ack.Succeeded)
        {
            throw new NetlinkException(operation, ack.Errno, ack.KernelMessage);
        }
    }

    private void TraceMessages(ReadOnlySpan<byte> datagram, bool outgoing)
    {
        if (!_logger.IsEnabled(LogLevel.Trace))
        {
            return;
        }

        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            var h = message.Header;
            if (outgoing)
            {
                Log.MessageSent(_logger, h.Type, h.Flags, h.Sequence, h.Length, Convert.ToHexString(message.Payload));
            }
            else
            {
                Log.MessageReceived(_logger, h.Type, h.Flags, h.Sequence, h.Length, Convert.ToHexString(message.Payload));
            }
        }
    }

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int CreateSocket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);

    private struct RequestState(uint sequence, string operation)
    {
        public readonly uint Sequence = sequence;
        public readonly string Operation = operation;
        public bool Done;
        public bool Interrupted;
    }
}
