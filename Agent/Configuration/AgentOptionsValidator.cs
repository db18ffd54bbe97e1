using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Configuration;

/// <summary>
/// Validates the whole configuration and names each bad key by its path in the file ("interfaces[0].helloInterval").
/// Runs the DataAnnotations of every nested object (the framework's validator stops at the top level), then the
/// rules that involve several fields.
/// </summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        Annotations(options, "", errors);
        for (var i = 0; i < options.Interfaces.Count; i++)
            Interface(options.Interfaces[i], $"interfaces[{i}]", errors);
        for (var i = 0; i < options.Announce.Count; i++)
            Announced(options.Announce[i], $"announce[{i}]", errors);
        if (options.Interfaces.Count == 0 && options.WireGuard is null)
            errors.Add("interfaces: at least one interface (or a wireguard section) is required");
        if (options.WireGuard is { } wireGuard)
            WireGuardOptionsValidator.Validate(wireGuard, options, errors);
        if (options.Controller is { } controller)
            ControllerOptionsValidator.Validate(controller, options, errors);

        foreach (var dup in options.Interfaces.GroupBy(x => x.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"interfaces: '{dup.Key}' is configured more than once");
        foreach (var dup in options.Announce.Where(a => a.Prefix is not null).GroupBy(a => a.Prefix).Where(g => g.Count() > 1))
            errors.Add($"announce: {dup.Key} is announced more than once");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Interface(InterfaceOptions iface, string path, List<string> errors)
    {
        Annotations(iface, path, errors);
        if (iface.UpdateInterval is { } update && update < iface.HelloInterval)
            errors.Add($"{path}.updateInterval: must not be shorter than helloInterval ({iface.HelloInterval})");
        if (iface.Kind == InterfaceMode.Unicast && iface.Neighbours.Count == 0)
            errors.Add($"{path}.neighbours: a unicast interface needs at least one neighbour address");
        if (iface.Kind == InterfaceMode.WireGuard)
            errors.Add($"{path}.kind: a WireGuard interface is configured in the wireguard section, not in interfaces[]");
        if (iface.Kind == InterfaceMode.Multicast && iface.Neighbours.Count > 0)
            errors.Add($"{path}.neighbours: only a unicast interface takes static neighbours; multicast ones discover them");
        for (var i = 0; i < iface.Neighbours.Count; i++)
        {
            if (!IsLinkLocal64(iface.Neighbours[i]))
                errors.Add($"{path}.neighbours[{i}]: {iface.Neighbours[i]} is not in fe80::/64 (Babel neighbours are link-local, docs/babel-notes.md §2)");
        }
        foreach (var dup in iface.Neighbours.GroupBy(a => a).Where(g => g.Count() > 1))
            errors.Add($"{path}.neighbours: {dup.Key} is listed more than once");
    }

    private static void Announced(AnnouncedPrefixOptions announced, string path, List<string> errors)
    {
        Annotations(announced, path, errors);
        if (announced.Prefix is { } prefix && IsMartian(prefix))
            errors.Add($"{path}.prefix: {prefix} is a martian (link-local, multicast, loopback or unspecified) and is never announced");
    }

    /// <summary>babeld's martians (docs/babel-notes.md §5), as the engine's Martians has them (224.0.0.0/3 there): never announced, never accepted.</summary>
    internal static readonly IPNetwork[] Martians =
    [
        IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
    ];

    /// <summary>Inside one of <see cref="Martians"/>.</summary>
    public static bool IsMartian(IPNetwork prefix)
        => Martians.Any(m => m.BaseAddress.AddressFamily == prefix.BaseAddress.AddressFamily
            && m.PrefixLength <= prefix.PrefixLength && m.Contains(prefix.BaseAddress));

    private static readonly IPNetwork LinkLocal64 = IPNetwork.Parse("fe80::/64");

    public static bool IsLinkLocal64(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetworkV6 && LinkLocal64.Contains(address);

    internal static void Annotations(object target, string path, List<string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var r in results)
        {
            foreach (var member in r.MemberNames.DefaultIfEmpty(""))
            {
                var key = JsonKey(member);
                var full = path.Length == 0 ? key : key.Length == 0 ? path : $"{path}.{key}";
                errors.Add($"{full}: {Describe(r.ErrorMessage, member)}");
            }
        }
    }

    // The framework's messages say "The field HelloInterval must be ..."; the key is already named in front.
    private static string Describe(string? message, string member)
        => (message ?? "is invalid").Replace($"The field {member} ", "", StringComparison.Ordinal)
            .Replace($"The {member} field ", "", StringComparison.Ordinal);

    /// <summary>The camelCase key a property is read from.</summary>
    public static string JsonKey(string property)
        => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];
}
