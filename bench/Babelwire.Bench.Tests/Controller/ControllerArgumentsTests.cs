using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Tests.Controller;

public sealed class ControllerArgumentsTests
{
    [Fact]
    public void Defaults_are_the_issue_sizes_and_a_minute()
    {
        var parsed = ControllerArguments.Parse(["--only", "controller"]);

        Assert.Equal([100, 1_000, 5_000], parsed.Options.Agents);
        Assert.Equal(TimeSpan.FromSeconds(60), parsed.Options.Window);
        Assert.Equal(150, parsed.Options.Samples);
        Assert.Null(parsed.Namespace);
    }

    [Fact]
    public void Given_values_win_over_quick_mode()
    {
        var parsed = ControllerArguments.Parse(["--quick", "--agents", "50, 200", "--netns", "bwbench-7"]);

        Assert.Equal([50, 200], parsed.Options.Agents);
        Assert.Equal(TimeSpan.FromSeconds(20), parsed.Options.Window);
        Assert.Equal(100, parsed.Options.Samples);
        Assert.Equal("bwbench-7", parsed.Namespace);
    }

    [Fact]
    public void The_child_gets_the_same_options()
    {
        var parsed = ControllerArguments.Parse(["--agents", "100,5000", "--window", "30", "--samples", "120", "--ipv6-routes"]);

        var child = ControllerArguments.Parse([.. parsed.ForChild()]);

        Assert.Equal(parsed.Options.Agents, child.Options.Agents);
        Assert.True(child.Options.Ipv6RoutesOnly);
        Assert.Equal(parsed.Options with { Agents = child.Options.Agents }, child.Options);
    }

    [Theory]
    [InlineData("--agents", "0")]
    [InlineData("--agents", "100,x")]
    [InlineData("--window", "-5")]
    [InlineData("--samples", "")]
    public void A_bad_number_is_refused_with_the_option_name(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ControllerArguments.Parse([option, value]));

        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ControllerArguments.Parse(["--agents"]));
    }
}
