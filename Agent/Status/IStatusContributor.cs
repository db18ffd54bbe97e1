namespace Babelwire.Agent.Status;

/// <summary>Adds what a part of the agent knows (the WireGuard interface and its peers) to the engine's report. Called on the engine loop.</summary>
public interface IStatusContributor
{
    StatusReport Contribute(StatusReport report);
}
