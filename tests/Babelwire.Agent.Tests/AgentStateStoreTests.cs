using Babelwire.Agent.Babel;
using Babelwire.Agent.State;

namespace Babelwire.Agent.Tests;

public sealed class AgentStateStoreTests
{
    [Fact]
    public void The_seqno_starts_one_past_the_saved_one_and_is_saved_at_once()
    {
        using var dir = new TempDirectory();
        var store = new AgentStateStore(dir.Path);
        store.SaveSeqno(new SeqNo(4711));

        var start = store.StartSeqno(new Random(1), out var saved);

        Assert.Equal(new SeqNo(4711), saved);
        Assert.Equal(new SeqNo(4712), start);
        Assert.Equal(new SeqNo(4712), store.ReadSeqno());
    }

    [Fact]
    public void Restarting_repeatedly_never_moves_the_seqno_backwards_even_across_the_wrap()
    {
        using var dir = new TempDirectory();
        var store = new AgentStateStore(dir.Path);
        store.SaveSeqno(new SeqNo(65533));
        var previous = new SeqNo(65533);

        for (var restart = 0; restart < 5; restart++)
        {
            var start = new AgentStateStore(dir.Path).StartSeqno(new Random(restart), out _);
            Assert.True(previous.IsLessThan(start), $"restart {restart}: {start} is not after {previous}");
            previous = start;
        }
        Assert.Equal(new SeqNo(2), previous);
    }

    [Fact]
    public void Without_a_saved_seqno_the_start_is_random_and_then_kept()
    {
        using var dir = new TempDirectory();
        var store = new AgentStateStore(dir.Path);

        var first = store.StartSeqno(new Random(7), out var saved);
        var expected = new SeqNo((ushort)new Random(7).Next(0, 0x10000));

        Assert.Null(saved);
        Assert.Equal(expected, first);
        Assert.Equal(first.Plus(1), store.StartSeqno(new Random(8), out _));
    }

    [Fact]
    public void An_unreadable_seqno_file_counts_as_none()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(AgentStateStore.SeqnoFile), "not a number\n");

        Assert.Null(new AgentStateStore(dir.Path).ReadSeqno());
    }

    [Fact]
    public void A_generated_router_id_is_kept_across_restarts()
    {
        using var dir = new TempDirectory();

        var first = new AgentStateStore(dir.Path).LoadOrCreateRouterId(new Random(3), out var created);
        var second = new AgentStateStore(dir.Path).LoadOrCreateRouterId(new Random(4), out var createdAgain);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.True(first.IsValid);
        Assert.Equal(first, second);
        Assert.Equal(first.ToString(), File.ReadAllText(dir.File(AgentStateStore.RouterIdFile)).Trim());
    }

    [Fact]
    public void Different_seeds_give_different_router_ids()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        var first = new AgentStateStore(a.Path).LoadOrCreateRouterId(new Random(1), out _);
        var second = new AgentStateStore(b.Path).LoadOrCreateRouterId(new Random(2), out _);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_corrupt_router_id_file_is_refused_rather_than_replaced()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(AgentStateStore.RouterIdFile), "ff:ff:ff:ff:ff:ff:ff:ff\n");

        var e = Assert.Throws<InvalidDataException>(() => new AgentStateStore(dir.Path).LoadOrCreateRouterId(new Random(1), out _));

        Assert.Contains(AgentStateStore.RouterIdFile, e.Message, StringComparison.Ordinal);
        Assert.Equal("ff:ff:ff:ff:ff:ff:ff:ff", File.ReadAllText(dir.File(AgentStateStore.RouterIdFile)).Trim());
    }

    [Fact]
    public void The_state_directory_is_created_when_missing()
    {
        using var dir = new TempDirectory();
        var nested = Path.Combine(dir.Path, "a", "b");

        new AgentStateStore(nested).SaveSeqno(new SeqNo(9));

        Assert.Equal("9", File.ReadAllText(Path.Combine(nested, AgentStateStore.SeqnoFile)).Trim());
        Assert.False(File.Exists(Path.Combine(nested, AgentStateStore.SeqnoFile + ".tmp")));
    }
}
