using System.Net;

namespace Babelwire.Controller.Services;

internal static class Prefixes
{
    /// <summary>Parses "address/length" and refuses host bits past the length: since .NET 10, IPNetwork.TryParse
    /// clears them silently, which would turn a typo into a different prefix.</summary>
    public static bool TryParseStrict(string? text, out IPNetwork prefix)
    {
        prefix = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 1)
        {
            return false;
        }
        return IPNetwork.TryParse(text!, out prefix)
            && IPAddress.TryParse(text!.AsSpan(0, slash), out var address)
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || address.ScopeId == 0) // ScopeId throws for IPv4
            && address.Equals(prefix.BaseAddress);
    }
}
