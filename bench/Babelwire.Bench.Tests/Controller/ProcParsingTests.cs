using Babelwire.Bench.Controller;

namespace Babelwire.Bench.Tests.Controller;

public sealed class ProcParsingTests
{
    // A real /proc/PID/stat line of a dotnet process, its command name given spaces and a parenthesis.
    private const string StatLine =
        "4242 (dotnet (x) y) S 4200 4242 4200 0 -1 4194560 31337 0 12 0 1500 250 7 3 20 0 24 0 123456 3000000000 45000 " +
        "18446744073709551615 1 1 0 0 0 0 0 4096 17630 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

    [Fact]
    public void Process_stat_fields_are_counted_from_the_last_parenthesis()
    {
        Assert.True(ProcessCpuTimes.TryParse(StatLine, out var times));

        Assert.Equal(new ProcessCpuTimes(4200, 1500, 250, 7, 3), times);
        Assert.Equal(1750, times.OwnTicks);
    }

    [Fact]
    public void A_truncated_process_stat_line_is_refused()
    {
        Assert.False(ProcessCpuTimes.TryParse("4242 (dotnet) S 4200 4242", out _));
        Assert.False(ProcessCpuTimes.TryParse("no parenthesis here", out _));
    }

    [Fact]
    public void Machine_busy_time_leaves_out_idle_and_iowait()
    {
        Assert.True(MachineCpuTimes.TryParse("cpu  100 5 50 800 40 3 2 0 0 0", out var times));

        Assert.Equal(new MachineCpuTimes(160, 1000), times);
    }

    [Fact]
    public void Busy_fraction_is_the_share_of_all_ticks_between_two_readings()
    {
        var fraction = MachineCpuTimes.BusyFraction(new MachineCpuTimes(160, 1000), new MachineCpuTimes(460, 1400));

        Assert.Equal(0.75, fraction, 6);
    }

    [Fact]
    public void A_line_that_is_not_the_cpu_total_is_refused()
    {
        Assert.False(MachineCpuTimes.TryParse("cpu0 1 2 3 4 5", out _));
        Assert.False(MachineCpuTimes.TryParse("cpu 1 2 x 4 5", out _));
    }

    [Fact]
    public void Ticks_become_cores_over_the_elapsed_time()
    {
        var cores = CpuClock.Cores(ticks: 9000, TimeSpan.FromSeconds(60), ticksPerSecond: 100);

        Assert.Equal(1.5, cores, 6);
        Assert.Equal("150% of one core (75% of 2 cores)", CpuClock.Format(cores, 2));
    }

    [Fact]
    public void The_load_average_is_the_first_field_of_proc_loadavg()
    {
        Assert.Equal(17.62, LoadAverage.Parse("17.62 19.54 14.38 5/812 25777\n"), 6);
    }
}
