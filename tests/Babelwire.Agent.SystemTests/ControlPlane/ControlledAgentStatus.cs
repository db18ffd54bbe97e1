using System.Text.Json;
using Babelwire.Agent.Status;

namespace Babelwire.Agent.SystemTests.ControlPlane;

/// <summary>The parts of an agent's <c>status --json</c> a controller-mode test reads: the controller link and the WireGuard interface.</summary>
public sealed record ControlledAgentStatus(ControlPlaneReport? ControlPlane, WireGuardReport? WireGuard)
{
    public static ControlledAgentStatus Parse(string json) =>
        JsonSerializer.Deserialize<ControlledAgentStatus>(json, JsonSerializerOptions.Web) ?? throw new JsonException("status --json printed null");

    public bool IsConnected => ControlPlane is { Connected: true, State: "connected" };

    public override string ToString() =>
        $"controller {ControlPlane}; wireguard {WireGuard?.PublicKey} addresses [{string.Join(", ", WireGuard?.Addresses ?? [])}] peers [{string.Join(", ", WireGuard?.Peers.Select(p => p.PublicKey) ?? [])}]";
}
