using System.Buffers.Binary;

namespace Babelwire.Agent.Babel.Tests.Simulation;

/// <summary>The simulator's own pieces, checked without an engine so a harness bug is not mistaken for an engine bug.</summary>
public sealed class HarnessTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(30, 2)]
    [InlineData(50, 3)]
    public void Random_topologies_are_connected_and_have_the_requested_extra_links(int n, int seed)
    {
        var topology = Topology.Random(n, n / 2, seed, SimulationTestSupport.MixedCosts, sharedSegments: 2);
        var reached = new HashSet<int> { 0 };
        var frontier = new Queue<int>([0]);
        while (frontier.TryDequeue(out var u))
        {
            foreach (var v in topology.Links.Where(l => l.Members.Contains(u)).SelectMany(l => l.Members))
            {
                if (reached.Add(v))
                    frontier.Enqueue(v);
            }
        }
        Assert.Equal(n, reached.Count);
        Assert.Equal(n - 1 + n / 2 + 2, topology.Links.Count);
        Assert.Equal(2, topology.Links.Count(l => l.Members.Length > 2));
    }

    [Fact]
    public void Grid_links_join_horizontal_and_vertical_neighbours_only()
    {
        var grid = Topology.Grid(3, 4);
        Assert.Equal(12, grid.RouterCount);
        Assert.Equal((3 - 1) * 4 + 3 * (4 - 1), grid.Links.Count);
        Assert.All(grid.Links, l => Assert.Contains(Math.Abs(l.Members[0] - l.Members[1]), new[] { 1, 3 }));
    }

    [Fact]
    public void Packet_peek_finds_a_seqno_request_after_a_pad1_and_an_unknown_tlv()
    {
        var id = new RouterId(0x0102030405060708);
        byte[] body =
        [
            0,                                  // Pad1
            200, 3, 9, 9, 9,                    // unknown TLV, 3 octets
            10, 14 + 6, 2, 48, 0x12, 0x34, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, // Seqno Request, AE 2 /48
        ];
        var packet = new byte[4 + body.Length];
        packet[0] = 42;
        packet[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)body.Length);
        body.CopyTo(packet, 4);

        var found = Assert.Single(PacketPeek.SeqnoRequests(packet));

        Assert.Equal(id, found.RouterId);
        Assert.Equal(new SeqNo(0x1234), found.Seqno);
        Assert.Equal(5, found.HopCount);
        Assert.Empty(PacketPeek.SeqnoRequests(packet[..^1]));
    }
}
