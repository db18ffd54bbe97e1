using System.Net;

namespace Babelwire.Agent.Hosting;

/// <summary>The WireGuard interface's peers changed: <paramref name="LinkLocals"/> are now exactly its Babel neighbours.</summary>
public sealed record PeerNeighboursInput(string Interface, IReadOnlySet<IPAddress> LinkLocals) : AgentInput;
