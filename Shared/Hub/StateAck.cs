namespace Babelwire.Shared.Hub;

/// <param name="ResyncRequired">The controller lost track (sequence gap, restart): send a full <see cref="State.AgentStateDto"/>.</param>
public sealed record StateAck(bool ResyncRequired);
