using Babelwire.Bench.Dashboard;

namespace Babelwire.Bench.Tests.Dashboard;

public sealed class DashboardOptionsTests
{
    [Fact]
    public void Defaults_are_every_part_20_pages_on_the_nodes_page()
    {
        var options = DashboardOptions.Parse([]);

        Assert.Equal(["route", "map", "scale"], options.Parts);
        Assert.Equal(DashboardOptions.DefaultScaleAgents, options.ScaleAgents);
        Assert.Equal(20, options.Pages);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Window);
        Assert.Equal(60, options.Samples);
        Assert.Equal("nodes", options.LivePage);
    }

    [Fact]
    public void The_child_gets_the_same_options()
    {
        var options = DashboardOptions.Parse(["--dash-parts", "map,scale", "--dash-agents", "2000", "--dash-pages", "5", "--dash-window", "20", "--dash-samples", "50", "--dash-live-page", "events"]);

        var again = DashboardOptions.Parse([.. options.ForChild()]);

        Assert.Equal(options.Parts, again.Parts);
        Assert.Equal(options with { Parts = again.Parts }, again);
        Assert.Contains(DashboardOptions.ChildFlag, options.ForChild());
    }

    [Theory]
    [InlineData("--dash-parts", "route,maps")]
    [InlineData("--dash-agents", "0")]
    [InlineData("--dash-pages", "-3")]
    [InlineData("--dash-window", "ten")]
    public void Bad_values_are_refused(string name, string value)
    {
        Assert.Throws<ArgumentException>(() => DashboardOptions.Parse([name, value]));
    }

    [Fact]
    public void An_option_without_a_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DashboardOptions.Parse(["--dash-agents"]));
    }
}
