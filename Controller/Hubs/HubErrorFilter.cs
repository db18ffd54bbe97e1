using Microsoft.AspNetCore.SignalR;

namespace Babelwire.Controller.Hubs;

/// <summary>
/// Keeps agents from flooding the log: SignalR logs every failed invocation as an error, refusals of bad input
/// included, so its dispatcher's log is filtered out (<see cref="DispatcherCategory"/>) and this filter logs instead:
/// a <see cref="HubException"/> (a refusal the agent caused) not at all, since the hub logged it at Debug, anything
/// else as the error it is.
/// </summary>
internal sealed class HubErrorFilter(ILogger<AgentHub> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            logger.HubMethodFailed(invocationContext.HubMethodName, e);
            throw;
        }
    }
}
