using Babelwire.Controller.Data.Model;

namespace Babelwire.Controller.Services.Topology;

/// <summary>What one write-behind transaction stores: the current value of every dirty item (or its deletion), and events.</summary>
internal sealed class TopologyBatch
{
    public List<(Guid Node, NeighbourEntry Entry)> Adjacencies { get; } = [];

    public List<(Guid Node, string Address)> AdjacenciesDeleted { get; } = [];

    public List<(Guid Node, RouteEntry Entry)> Routes { get; } = [];

    public List<(Guid Node, string Prefix)> RoutesDeleted { get; } = [];

    public List<(Guid Node, PeerEntry Entry)> Peers { get; } = [];

    public List<(Guid Node, string PublicKey)> PeersDeleted { get; } = [];

    public List<MeshEvent> Events { get; } = [];

    /// <summary>Each node's taken keys, given back to the node when the transaction fails.</summary>
    public List<(Guid Node, DirtyKeys Keys)> Taken { get; } = [];

    public int RowCount => Adjacencies.Count + AdjacenciesDeleted.Count + Routes.Count + RoutesDeleted.Count + Peers.Count + PeersDeleted.Count + Events.Count;
}
