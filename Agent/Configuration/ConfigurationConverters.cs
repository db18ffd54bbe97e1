using System.ComponentModel;
using System.Globalization;
using System.Net;
using Babelwire.Agent.Babel;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Configuration;

/// <summary>
/// Teaches the configuration binder to read addresses, prefixes, router-ids and durations from strings, so that
/// the options classes hold framework types and a bad value fails binding with the key's path in the message.
/// </summary>
public static class ConfigurationConverters
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        TypeDescriptor.AddAttributes(typeof(IPAddress), new TypeConverterAttribute(typeof(IPAddressConverter)));
        TypeDescriptor.AddAttributes(typeof(IPNetwork), new TypeConverterAttribute(typeof(IPNetworkConverter)));
        TypeDescriptor.AddAttributes(typeof(RouterId), new TypeConverterAttribute(typeof(RouterIdConverter)));
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        TypeDescriptor.AddAttributes(typeof(IPEndPoint), new TypeConverterAttribute(typeof(IPEndPointConverter)));
        TypeDescriptor.AddAttributes(typeof(WireGuardKey), new TypeConverterAttribute(typeof(WireGuardKeyConverter)));
        return true;
    });

    /// <summary>Idempotent; process-wide (TypeDescriptor is global).</summary>
    public static void Register() => _ = Registered.Value;
}

/// <summary>Shared shape: converts from a string only, with a message that says what was expected.</summary>
public abstract class StringValueConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType)
        => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text
            ? Parse(text.Trim()) ?? throw new FormatException($"'{text}' is not {Expected}.")
            : base.ConvertFrom(context, culture, value);

    protected abstract string Expected { get; }

    protected abstract object? Parse(string text);
}

public sealed class IPAddressConverter : StringValueConverter
{
    protected override string Expected => "an IP address";

    protected override object? Parse(string text) => IPAddress.TryParse(text, out var a) ? a : null;
}

public sealed class IPNetworkConverter : StringValueConverter
{
    protected override string Expected => "a prefix in CIDR notation with no host bits set (e.g. 2001:db8:1::/48)";

    // .NET 10 silently clears host bits ("198.18.1.1/24" reads as 198.18.1.0/24); a typo there must not go unnoticed.
    protected override object? Parse(string text)
        => IPNetwork.TryParse(text, out var n)
            && IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out var written)
            && written.Equals(n.BaseAddress)
                ? n
                : null;
}

/// <summary>"192.0.2.1:51820" or "[2001:db8::1]:51820": an underlay endpoint needs its port.</summary>
public sealed class IPEndPointConverter : StringValueConverter
{
    protected override string Expected => "an endpoint with a port (\"192.0.2.1:51820\" or \"[2001:db8::1]:51820\")";

    protected override object? Parse(string text)
        => IPEndPoint.TryParse(text, out var e) && e.Port != 0 && text.Contains(':', StringComparison.Ordinal)
            && (e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || text.StartsWith('['))
                ? e
                : null;
}

/// <summary>A WireGuard public key as <c>wg</c> prints it: 44 characters of base64.</summary>
public sealed class WireGuardKeyConverter : StringValueConverter
{
    protected override string Expected => "a WireGuard key (44 characters of base64, as wg pubkey prints it)";

    protected override object? Parse(string text) => WireGuardKey.TryParse(text, out var key) && !key.IsZero ? key : null;
}

public sealed class RouterIdConverter : StringValueConverter
{
    protected override string Expected => "a router-id: eight colon-separated hex octets, not all zeros or all ones";

    protected override object? Parse(string text) => RouterId.TryParse(text, out var id) && id.IsValid ? id : null;
}

/// <summary>Durations as "250ms", "4s", "1.5s", "2m", "1h", or a .NET TimeSpan ("00:00:04"). A bare number is refused: "4" would be four days.</summary>
public sealed class DurationConverter : StringValueConverter
{
    protected override string Expected => "a duration such as \"250ms\", \"4s\", \"2m\" or \"00:00:04\"";

    protected override object? Parse(string text) => TryParse(text, out var d) ? d : null;

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        (string unit, double scale)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (unit, scale) in units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && double.IsFinite(n) && n >= 0 && n * scale < TimeSpan.MaxValue.TotalSeconds)
            {
                duration = TimeSpan.FromSeconds(n * scale);
                return true;
            }
        }
        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }
}
