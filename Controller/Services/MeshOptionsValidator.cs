using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services;

/// <summary>Checks what data annotations cannot: the prefixes parse, are of the right family, size and kind.</summary>
public sealed class MeshOptionsValidator : IValidateOptions<MeshOptions>
{
    public ValidateOptionsResult Validate(string? name, MeshOptions options)
    {
        List<string> errors = [];
        if (options.OverlayIPv6Prefix is { } v6)
        {
            if (!Prefixes.TryParseStrict(v6, out var prefix) || prefix.BaseAddress.AddressFamily != AddressFamily.InterNetworkV6 || prefix.PrefixLength != 48)
            {
                errors.Add($"Mesh:OverlayIPv6Prefix: '{v6}' is not an IPv6 /48 in canonical form (e.g. fd12:3456:789a::/48)");
            }
            else if (!IPNetwork.Parse("fc00::/7").Contains(prefix.BaseAddress))
            {
                errors.Add($"Mesh:OverlayIPv6Prefix: '{v6}' is not a unique local prefix (fc00::/7)");
            }
        }
        if (!Prefixes.TryParseStrict(options.OverlayIPv4Prefix, out var v4) || v4.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            errors.Add($"Mesh:OverlayIPv4Prefix: '{options.OverlayIPv4Prefix}' is not an IPv4 prefix in canonical form (e.g. 100.64.0.0/10)");
        }
        else if (v4.PrefixLength > 30)
        {
            errors.Add($"Mesh:OverlayIPv4Prefix: '{options.OverlayIPv4Prefix}' is too small to allocate from (at most /30)");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
