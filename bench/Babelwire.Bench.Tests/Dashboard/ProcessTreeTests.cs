using Babelwire.Bench.Dashboard;

namespace Babelwire.Bench.Tests.Dashboard;

public sealed class ProcessTreeTests
{
    [Fact]
    public void Descendants_are_every_process_below_the_root_and_nothing_beside_it()
    {
        (int, int)[] processes = [(1, 0), (10, 1), (20, 10), (21, 20), (22, 20), (30, 1), (31, 30)];

        Assert.Equal(new HashSet<int> { 20, 21, 22 }, ProcessTree.Descendants(processes, 10));
        Assert.Empty(ProcessTree.Descendants(processes, 21));
    }

    [Fact]
    public void A_cycle_in_the_parent_links_does_not_loop()
    {
        (int, int)[] processes = [(2, 3), (3, 2)];

        Assert.Equal(new HashSet<int> { 3 }, ProcessTree.Descendants(processes, 2));
    }
}
