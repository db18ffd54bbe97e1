using Babelwire.Shared.State;

namespace Babelwire.Controller.Services.Topology;

/// <summary>A WireGuard peer's statistics as reported; <paramref name="ReportedAt"/> is when they last changed.</summary>
internal sealed record PeerEntry(PeerStatsDto Reported, DateTimeOffset ReportedAt)
{
    public bool SameAs(PeerEntry other) => Reported == other.Reported;
}
