using System.Net;
using Babelwire.Agent.Babel;

namespace Babelwire.Agent.Hosting;

/// <summary>
/// The WireGuard part of the engine loop: the interface's peers are its Babel neighbours (docs/babel-notes.md §5), and Babel
/// datagrams on it are accepted only from a current peer's link-local.
/// </summary>
public sealed partial class BabelHostService
{
    /// <summary>Interface → the peers' link-locals, as the peer watcher last reported them.</summary>
    private readonly Dictionary<string, IReadOnlySet<IPAddress>> _peerNeighbours = new(StringComparer.Ordinal);

    /// <summary>Interface → the peer neighbours the engine has now (only while the interface is ready).</summary>
    private readonly Dictionary<string, HashSet<IPAddress>> _peerNeighboursInEngine = new(StringComparer.Ordinal);

    private readonly WireGuardHost? _wireGuard = wireGuardHosts.FirstOrDefault();

    private void SetPeerNeighbours(BabelRouter router, PeerNeighboursInput input)
    {
        _peerNeighbours[input.Interface] = input.LinkLocals;
        if (_ready.ContainsKey(input.Interface))
            AddPeerNeighbours(router, input.Interface);
    }

    /// <summary>Brings the engine's neighbours on <paramref name="iface"/> to the peer set: adds the new, removes the gone.</summary>
    private void AddPeerNeighbours(BabelRouter router, string iface)
    {
        if (!_peerNeighbours.TryGetValue(iface, out var wanted))
            return;
        if (!_peerNeighboursInEngine.TryGetValue(iface, out var current))
            _peerNeighboursInEngine[iface] = current = [];
        foreach (var gone in current.Where(a => !wanted.Contains(a)).ToList())
        {
            router.RemoveNeighbour(iface, gone);
            current.Remove(gone);
        }
        foreach (var address in wanted)
        {
            if (current.Add(address))
                router.AddNeighbour(iface, address);
        }
    }

    private void ForgetPeerNeighbours(string iface) => _peerNeighboursInEngine.Remove(iface);

    /// <summary>On the WireGuard interface, only a current peer's link-local may speak Babel; the rest is dropped and counted.</summary>
    private bool FromCurrentPeer(DatagramInput d)
    {
        if (_wireGuard is not { } wg || d.Interface != wg.InterfaceName || wg.IsPeer(d.Source))
            return true;
        wireGuardCounters.NotFromPeer();
        Log.DatagramNotFromPeer(_logger, d.Interface, d.Source);
        return false;
    }
}
