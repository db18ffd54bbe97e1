namespace Babelwire.Controller.Services.Settings;

internal static partial class Log
{
    [LoggerMessage(EventIds.SettingsChanged, LogLevel.Information, "Mesh settings changed: {IPv6Prefix}, {IPv4Prefix}, report interval {StateReportInterval}, grace period {AddressGracePeriod}, event retention {EventRetention}")]
    public static partial void SettingsChanged(this ILogger logger, string ipv6Prefix, string ipv4Prefix, TimeSpan stateReportInterval, TimeSpan addressGracePeriod, TimeSpan eventRetention);
}
