namespace Babelwire.Agent.Babel.Neighbours;

/// <summary>
/// One Hello history of a neighbour (RFC 8966 §3.4.1, Appendix A.1): a 16-bit shift register, newest bit first,
/// as babeld's <c>hello.reach</c>, plus the last seqno heard and the timer that counts a missed Hello.
/// </summary>
internal sealed class HelloHistory
{
    /// <summary>A seqno this far behind the expected one means the neighbour rebooted (babeld resets at 8).</summary>
    private const int RebootThreshold = 8;

    public ushort Reach { get; private set; }

    public SeqNo? LastSeqno { get; private set; }

    /// <summary>Interval the neighbour last advertised for this kind of Hello.</summary>
    public TimeSpan Interval { get; private set; }

    /// <summary>When the next Hello is overdue and a miss is counted; null when none is expected.</summary>
    public TimeSpan? TimerDue { get; private set; }

    public TimeSpan? LastHeard { get; private set; }

    /// <summary>Records a received Hello. Returns true when a seqno jump reset the history (neighbour reboot).</summary>
    public bool Receive(SeqNo seqno, TimeSpan interval, TimeSpan now)
    {
        var reset = false;
        if (Reach != 0 && LastSeqno is { } last)
        {
            var missed = (short)(ushort)(seqno.Value - last.Value) - 1;
            if (missed < -RebootThreshold || missed > 0x7FFF - RebootThreshold)
            {
                Reach = 0;
                reset = true;
            }
            else if (missed < 0)
            {
                // A late or repeated Hello: undo the misses already counted for it, as babeld does.
                Reach = (ushort)(Reach << -missed);
            }
            else if (missed > 0)
            {
                Reach = missed >= 16 ? (ushort)0 : (ushort)(Reach >> missed);
            }
        }
        Reach = (ushort)((Reach >> 1) | 0x8000);
        LastSeqno = seqno;
        LastHeard = now;
        if (interval > TimeSpan.Zero)
        {
            Interval = interval;
            // RFC 8966 Appendix A.1: a Hello is missed when none came within 1.5 × the advertised interval.
            TimerDue = now + (interval * 1.5);
        }
        return reset;
    }

    /// <summary>The Hello timer fired: shift in a zero and expect the next seqno; re-arm one interval later.</summary>
    public void Miss(TimeSpan now)
    {
        Reach >>= 1;
        LastSeqno = LastSeqno?.Plus(1);
        TimerDue = Reach == 0 ? null : now + Interval;
    }

    /// <summary>
    /// Unscheduled Hellos (interval 0, as babeld's unicast Hellos) arm no timer, so nothing would ever age such a
    /// history; it is dropped when nothing was heard for this long.
    /// </summary>
    public static readonly TimeSpan UnscheduledLifetime = TimeSpan.FromSeconds(60);

    public TimeSpan? StaleAt => TimerDue is null && Reach != 0 && LastHeard is { } t ? t + UnscheduledLifetime : null;

    public void Clear()
    {
        Reach = 0;
        LastSeqno = null;
        TimerDue = null;
    }
}
