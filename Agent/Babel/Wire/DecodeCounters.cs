namespace Babelwire.Agent.Babel.Wire;

// CONTRACT STUB (codec helper may add counters; keep these).
/// <summary>What the decoder dropped and why; exported as metrics. Not thread-safe: one per engine loop.</summary>
public sealed class DecodeCounters
{
    public long PacketsRejected { get; set; }
    public long TlvsDecoded { get; set; }
    public long TlvsUnknown { get; set; }
    public long TlvsMalformed { get; set; }
    public long TlvsWithUnknownMandatorySubTlv { get; set; }
    public long FramingErrors { get; set; }
}
