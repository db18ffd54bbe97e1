using Babelwire.Shared.Mesh;

namespace Babelwire.Bench.Controller;

/// <summary>
/// The parts of <see cref="Babelwire.Shared.Hub.AgentSession"/> a simulated agent keeps. The whole peer set (every
/// node, N entries) still crosses the wire on every Connect; deserializing only its version spares the benchmark
/// process N² peer objects, which would compete with the controller for the same 2 cores.
/// </summary>
internal sealed record SlimSession(Guid NodeId, string NodeName, MeshSettingsDto Settings, SlimPeerSet PeerSet);
