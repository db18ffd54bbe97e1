using System.Buffers;
using System.Net;
using Babelwire.Agent.Status;

namespace Babelwire.Agent.Hosting;

/// <summary>Everything that reaches the engine loop, through <see cref="AgentInbox"/>.</summary>
public abstract record AgentInput;

/// <summary>A datagram from a configured interface. <see cref="Buffer"/> is rented from <see cref="ArrayPool{T}.Shared"/>; the loop returns it.</summary>
public sealed record DatagramInput(string Interface, IPAddress Source, byte[] Buffer, int Length) : AgentInput;

/// <summary>A configured interface is up with its link-local address: hand it to the engine.</summary>
public sealed record InterfaceReadyInput(ResolvedInterface Interface) : AgentInput;

/// <summary>A running interface went away or changed: the engine drops it (and its neighbours and routes).</summary>
public sealed record InterfaceGoneInput(string Name, string Reason) : AgentInput;

/// <summary>The status socket asks for a report, answered on the loop (the engine is not thread-safe).</summary>
public sealed record StatusInput(bool SummaryOnly, TaskCompletionSource<StatusReport> Reply) : AgentInput;
