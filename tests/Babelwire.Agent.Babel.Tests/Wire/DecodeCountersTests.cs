using Babelwire.Agent.Babel.Wire;
using static Babelwire.Agent.Babel.Tests.Wire.Packets;

namespace Babelwire.Agent.Babel.Tests.Wire;

public sealed class DecodeCountersTests
{
    [Fact]
    public void Every_drop_reason_has_its_own_metric_name()
    {
        var names = new DecodeCounters().All().Select(c => c.Key).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(7 + (Enum.GetValues<PacketRejectReason>().Length - 1) + (Enum.GetValues<TlvDropReason>().Length - 1), names.Count);
        Assert.Contains("tlvs_dropped.no_default_prefix", names);
        Assert.Contains("packets_rejected.body_length_overrun", names);
    }

    [Fact]
    public void Counters_add_up_over_several_packets()
    {
        var counters = new DecodeCounters();
        Decode(Datagram("03 02 0001 2A 00 08 0A 07 00 00 00 0640 0007 0060"), counters);
        Decode(Hex("2B 02 0000"), counters);
        Decode(Datagram("03 02 0001 03 09"), counters);
        var all = counters.All().ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal(2, all["packets_accepted"]);
        Assert.Equal(1, all["packets_rejected.bad_magic"]);
        Assert.Equal(2, all["tlvs_decoded"]);
        Assert.Equal(2, all["tlvs_unknown"]);
        Assert.Equal(1, all["tlvs_dropped.unknown_type"]);
        Assert.Equal(1, all["tlvs_dropped.unknown_address_encoding"]);
        Assert.Equal(1, all["framing_errors"]);
    }
}
