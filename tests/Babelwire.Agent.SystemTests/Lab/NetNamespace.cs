namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>A network namespace made by a <see cref="NetworkLab"/>; <see cref="Name"/> carries the lab's per-run prefix.</summary>
public sealed record NetNamespace(string Name)
{
    public override string ToString() => Name;
}
