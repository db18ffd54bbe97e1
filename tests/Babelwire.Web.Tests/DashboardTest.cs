using Babelwire.Shared.Dashboard;
using Babelwire.Web.Components;
using Babelwire.Web.Tests.Fakes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Babelwire.Web.Tests;

/// <summary>A bUnit context with the dashboard's services faked: a feed, the administration, a fake clock, and loose JS interop.</summary>
public abstract class DashboardTest : BunitContext
{
    internal FakeMeshFeed Feed { get; } = new(Mesh.View());

    internal FakeAdministration Admin { get; } = new();

    internal FakeTimeProvider Time { get; } = new(FakeAdministration.Now);

    protected DashboardTest()
    {
        Services.AddSingleton<IMeshFeed>(Feed);
        Services.AddSingleton<INodeAdministration>(Admin);
        Services.AddSingleton<IMeshEventLog>(Admin);
        Services.AddSingleton<IEnrolmentTokenAdministration>(Admin);
        Services.AddSingleton<IApiKeyAdministration>(Admin);
        Services.AddSingleton<IMeshSettingsAdministration>(Admin);
        Services.AddSingleton<TimeProvider>(Time);
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(MeshMap.ModulePath);
    }
}
