using System.Net;

namespace Babelwire.Agent.SystemTests.Lab;

/// <summary>
/// A veth pair between two mesh hosts, named after the far end inside each namespace (<c>ub</c> in a, <c>ua</c> in b),
/// with a /30 from 198.51.100.0/24 on it.
/// </summary>
public sealed record UnderlayLink(MeshHost A, string InterfaceA, IPAddress AddressA, MeshHost B, string InterfaceB, IPAddress AddressB)
{
    public bool Joins(MeshHost x, MeshHost y) => (A == x && B == y) || (A == y && B == x);

    public bool Touches(MeshHost host) => A == host || B == host;

    public MeshHost Other(MeshHost host) => host == A ? B : A;

    /// <summary><paramref name="host"/>'s own address on this link.</summary>
    public IPAddress AddressOf(MeshHost host) => host == A ? AddressA : AddressB;

    public string InterfaceOf(MeshHost host) => host == A ? InterfaceA : InterfaceB;

    public override string ToString() => $"{A.Name}-{B.Name}";
}
