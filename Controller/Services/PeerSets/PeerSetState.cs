using System.Collections.Immutable;
using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services.PeerSets;

/// <summary>One version of the peer set; the list snapshot agents receive is built on first use and shared.</summary>
internal sealed class PeerSetState(long version, ImmutableDictionary<Guid, PeerDto> peers, PeerSetDigest digest)
{
    public static readonly PeerSetState Empty = new(0, ImmutableDictionary<Guid, PeerDto>.Empty, PeerSetDigest.Empty);

    private readonly Lazy<PeerSetDto> _snapshot = new(() => new PeerSetDto(version, [.. peers.Values], digest.ToString()));

    public long Version => version;

    public ImmutableDictionary<Guid, PeerDto> Peers => peers;

    public PeerSetDigest Digest => digest;

    public PeerSetDto Snapshot => _snapshot.Value;
}
