using System.Net;

namespace Babelwire.Agent.Hosting;

/// <summary>A configured interface as the system shows it: what the socket needs to send and receive on it.</summary>
public sealed record ResolvedInterface(string Name, int Index, int Mtu, IPAddress LinkLocal);
