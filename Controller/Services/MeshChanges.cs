namespace Babelwire.Controller.Services;

/// <summary>What <see cref="MeshChangeSignals.Take"/> returns: the nodes whose topology, row or existence changed.</summary>
public sealed record MeshChanges(IReadOnlyList<Guid> Topology, IReadOnlyList<Guid> Rows, IReadOnlyList<Guid> Forgotten)
{
    public bool IsEmpty => Topology.Count == 0 && Rows.Count == 0 && Forgotten.Count == 0;
}
