namespace Babelwire.Agent.ControlPlane;

/// <summary>How one hub connection ended, which decides what the connect loop does next.</summary>
internal abstract record SessionEnd
{
    /// <summary>Unreachable, dropped, or failed: back off and reconnect.</summary>
    public sealed record Lost(string Reason) : SessionEnd;

    /// <summary>The hub turned the session down (protocol version): back off long.</summary>
    public sealed record Refused(string Reason) : SessionEnd;

    /// <summary>A fresh credential was obtained: reconnect at once.</summary>
    public sealed record Reenrolled : SessionEnd;

    /// <summary>The node was revoked, or its credential refused with no way to enrol again: stop reconnecting.</summary>
    public sealed record Final(string Reason) : SessionEnd;
}
