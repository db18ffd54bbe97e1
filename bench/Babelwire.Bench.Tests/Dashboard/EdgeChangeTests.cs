using Babelwire.Bench.Dashboard;

namespace Babelwire.Bench.Tests.Dashboard;

public sealed class EdgeChangeTests
{
    [Fact]
    public void Samples_alternate_between_a_good_and_a_medium_cost_so_each_changes_the_drawn_edge()
    {
        for (var k = 0; k < 200; k++)
        {
            var change = EdgeChange.For(k);
            var next = EdgeChange.For(k + 1);
            Assert.NotEqual(change.Quality, next.Quality);
            if (change.Quality == "good")
            {
                Assert.InRange(change.Cost, 96, EdgeChange.GoodBound);
            }
            else
            {
                Assert.InRange(change.Cost, EdgeChange.GoodBound + 1, 0xFFFE);
            }
        }
    }

    [Fact]
    public void Medium_costs_are_unique_per_sample()
    {
        var costs = Enumerable.Range(0, 500).Select(EdgeChange.For).Where(c => c.Quality == "medium").Select(c => c.Cost).ToList();

        Assert.Equal(costs.Count, costs.Distinct().Count());
    }
}
