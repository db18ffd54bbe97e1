using Babelwire.Bench.Controller;
using Babelwire.Shared.Api;

namespace Babelwire.Bench.Tests.Controller;

public sealed class ControllerRowsTests
{
    private static ControllerRunResult Result(int agents) => new()
    {
        Agents = agents,
        StateReportInterval = TimeSpan.FromSeconds(10),
        Window = TimeSpan.FromSeconds(60),
        ProcessorCount = 2,
        EnrolmentTime = TimeSpan.FromSeconds(50),
        EnrolmentConcurrency = 16,
        ConnectTime = TimeSpan.FromSeconds(100),
        ConnectConcurrency = 32,
        ConnectedAtWindowEnd = agents,
        ControllerCores = 0.8,
        CommitsPerSecond = 12.5,
        TuplesWrittenPerSecond = 400,
        WalBytesPerSecond = 2048,
        DeltasPerSecond = agents / 10.0,
        ReportToApi = new LatencySummary(150, 120, 480, 900),
        DelaySamplesScheduled = 152,
        DelaySamplesMissed = 2,
        Join = new JoinResult(agents, agents, 25, new LatencySummary(agents, 300, 700, 900), 900, 3_000_000, 2_048_000, 10_240, 1500),
    };

    [Fact]
    public void The_5000_agent_rows_carry_the_issue_targets()
    {
        var rows = ControllerRows.For(Result(5_000)).ToList();

        var delay = Assert.Single(rows, r => r.Subject == "report → API");
        Assert.Equal(ControllerRows.DelayTarget, delay.Target);
        Assert.Equal("p50 120 ms, p95 480 ms, max 900 ms (n = 150); 2 of 152 not seen within 30 s", delay.Value);
        var join = rows.First(r => r.Subject == "join");
        Assert.Equal(ControllerRows.JoinTarget, join.Target);
        Assert.StartsWith("all 5,000 in 900 ms", join.Value, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal("controller, 5,000 agents", r.Benchmark));
    }

    [Fact]
    public void Smaller_runs_have_no_target()
    {
        var rows = ControllerRows.For(Result(100)).ToList();

        Assert.All(rows, r => Assert.Equal("", r.Target));
    }

    [Fact]
    public void Join_bytes_are_given_per_agent()
    {
        var rows = ControllerRows.For(Result(1_000)).ToList();

        var bytes = Assert.Single(rows, r => r.Measure.StartsWith("bytes", StringComparison.Ordinal));
        Assert.Equal("2000 KB, 2048 B/agent (raw 2930 KB, idle 10.0 KB/s)", bytes.Value);
    }

    [Fact]
    public void A_join_that_did_not_reach_every_agent_says_how_many_it_reached()
    {
        var result = Result(5_000) with { Join = new JoinResult(5_000, 4_000, 25, LatencySummary.Of([1.0]), 60_000, 0, 0, 0, 0) };

        var join = ControllerRows.For(result).First(r => r.Subject == "join");

        Assert.Equal("4,000 of 5,000 within 60.00 s", join.Value);
    }

    [Fact]
    public void A_failed_run_is_one_row_with_the_reason()
    {
        var row = ControllerRows.Failed(5_000, "TimeoutException: the controller was not ready");

        Assert.Equal("did not complete", row.Measure);
        Assert.Contains(ControllerRows.JoinTarget, row.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_cross_the_namespace_boundary_unchanged()
    {
        var row = new BenchRow("controller, 100 agents", "join", "bytes | on \"lo\"", "1 KB\n", "< 2 s");

        Assert.Equal(row, RowLine.Parse(RowLine.Format(row)));
        Assert.Null(RowLine.Parse("bench: controller: 100 agents: connecting"));
        Assert.Null(RowLine.Parse(RowLine.Prefix + "{not json"));
    }

    [Fact]
    public void Join_bytes_net_of_the_idle_rate_never_go_below_zero()
    {
        Assert.Equal(9_000, JoinProbe.NetBytes(10_000, idleBytesPerSecond: 500, TimeSpan.FromSeconds(2)));
        Assert.Equal(0, JoinProbe.NetBytes(100, idleBytesPerSecond: 500, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_marker_shows_only_on_the_reporters_side_of_its_link()
    {
        var reporter = Guid.Parse("00000000-0000-0000-0000-000000000002");
        var neighbour = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var marker = new DelayMarker(30_007, reporter, neighbour);
        var now = DateTimeOffset.UnixEpoch;
        var ours = new LinkSideDto(30_007, 96, 30_007, 1.5, now);
        var theirs = new LinkSideDto(100, 96, 100, 1.5, now);

        Assert.True(DelayProbe.Shows([new LinkDto(neighbour, reporter, theirs, ours, true)], marker));
        Assert.False(DelayProbe.Shows([new LinkDto(neighbour, reporter, ours, theirs, true)], marker));
        Assert.False(DelayProbe.Shows([new LinkDto(neighbour, Guid.NewGuid(), theirs, ours, true)], marker));
    }

    [Fact]
    public void The_token_secret_is_read_from_the_creation_answer()
    {
        Assert.Equal("s3cret", ControlPlaneClient.TokenSecret("""{"token":{"id":"x","name":"bench"},"secret":"s3cret"}"""));
        Assert.Null(ControlPlaneClient.TokenSecret("""{"token":{"id":"x"}}"""));
    }
}
