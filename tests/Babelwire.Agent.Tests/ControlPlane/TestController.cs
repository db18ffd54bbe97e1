using System.Collections.Concurrent;
using System.Net;
using Babelwire.Shared;
using Babelwire.Shared.Enrolment;
using Babelwire.Shared.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>
/// A small controller on Kestrel over loopback: the enrolment endpoint and the agents' hub, real HTTP and real
/// SignalR, with answers under the test's control. Not the real controller: it stands in for its contract.
/// </summary>
internal sealed class TestController : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestController(WebApplication app, Uri url, HubBehaviour hub)
    {
        _app = app;
        Url = url;
        Hub = hub;
    }

    public Uri Url { get; }

    public HubBehaviour Hub { get; }

    public ConcurrentQueue<EnrolmentRequest> Enrolments { get; } = new();

    /// <summary>Answers enrolment number n (1-based); default: a fixed node with overlay addresses and a credential per request.</summary>
    public Func<int, EnrolmentRequest, IResult>? EnrolmentAnswer { get; set; }

    public IHubContext<TestAgentHub, IAgentClient> HubContext => _app.Services.GetRequiredService<IHubContext<TestAgentHub, IAgentClient>>();

    public static EnrolmentResponse DefaultEnrolment(HubBehaviour hub, int n) => new(
        hub.NodeId, hub.NodeName, $"credential-{n}", "fd00:b1::5/128", "198.18.0.5/32", ["test"], hub.Settings);

    /// <param name="port">0: any free port; else that port (to bring a controller back where it was).</param>
    public static async Task<TestController> StartAsync(CancellationToken cancellationToken, int port = 0, HubBehaviour? hub = null)
    {
        hub ??= new HubBehaviour();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSignalR(o => o.EnableDetailedErrors = false);
        builder.Services.AddSingleton(hub);
        var app = builder.Build();
        TestController? self = null;
        app.Use(async (context, next) =>
        {
            // The hub's authentication: the node credential as a bearer token (query string on WebSockets).
            if (context.Request.Path.StartsWithSegments(ControlPlaneRoutes.AgentHub, StringComparison.Ordinal) && hub.Credentials.Count > 0)
            {
                var token = context.Request.Query["access_token"].FirstOrDefault()
                    ?? context.Request.Headers.Authorization.FirstOrDefault()?.Replace("Bearer ", "", StringComparison.Ordinal);
                if (token is null || !hub.Credentials.Contains(token))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
            }
            await next(context);
        });
        app.MapPost(ControlPlaneRoutes.Enrolment, (EnrolmentRequest request) =>
        {
            self!.Enrolments.Enqueue(request);
            var n = self.Enrolments.Count;
            return self.EnrolmentAnswer?.Invoke(n, request) ?? Results.Ok(DefaultEnrolment(hub, n));
        });
        app.MapHub<TestAgentHub>(ControlPlaneRoutes.AgentHub);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TestController(app, new Uri(address), hub);
        return self;
    }

    public async Task WaitForEnrolmentsAsync(int count, CancellationToken cancellationToken)
        => await Poll.UntilAsync(() => Enrolments.Count >= count, cancellationToken, attempts: 400);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
