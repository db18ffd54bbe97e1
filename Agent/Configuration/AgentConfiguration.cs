using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Babelwire.Agent.Configuration;

/// <summary>Reads, binds and validates the config file: the one path used by the daemon and by the tests.</summary>
public static partial class AgentConfiguration
{
    public static IConfigurationBuilder AddAgentConfigFile(this IConfigurationBuilder builder, string path)
    {
        var source = new IndexedJsonConfigurationSource { Path = Path.GetFullPath(path), Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        return builder.Add(source);
    }

    public static OptionsBuilder<AgentOptions> AddAgentOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigurationConverters.Register();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        // Strict: the lenient binder skips a list item whose value it cannot convert, and ignores misspelt keys.
        return services.AddOptions<AgentOptions>()
            .Bind(configuration, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
    }

    /// <summary>Loads the file and returns either the options or every problem found, each naming its key.</summary>
    public static AgentConfigResult Load(string path)
    {
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddAgentConfigFile(path).Build();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            return AgentConfigResult.Failed(Flatten(e));
        }
        return Bind(configuration);
    }

    public static AgentConfigResult Bind(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddAgentOptions(configuration);
        using var provider = services.BuildServiceProvider();
        return Resolve(provider);
    }

    /// <summary>Resolves the options, turning binding and validation failures into messages.</summary>
    private static AgentConfigResult Resolve(IServiceProvider services)
    {
        try
        {
            return new AgentConfigResult(services.GetRequiredService<IOptions<AgentOptions>>().Value, []);
        }
        catch (OptionsValidationException e)
        {
            return AgentConfigResult.Failed([.. e.Failures]);
        }
        catch (InvalidOperationException e)
        {
            // The binder stops at the first unconvertible value or unknown key; its message holds the key's path.
            return AgentConfigResult.Failed([BinderMessage(e)]);
        }
    }

    /// <summary>"Failed to convert configuration value 'x' at 'Interfaces:0:Mtu' to type …" becomes "interfaces[0].mtu: …".</summary>
    private static string BinderMessage(InvalidOperationException e)
    {
        // With ErrorOnUnknownConfiguration the binder wraps the real failure in an exception of its own.
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var conversion = ConversionFailure().Match(x.Message);
            if (conversion.Success)
            {
                var value = conversion.Groups["value"].Value;
                var reason = x.InnerException switch
                {
                    FormatException f => f.Message,
                    { } other => $"'{value}' is not valid here ({other.Message})",
                    null => $"'{value}' is not valid here",
                };
                return $"{KeyPath(conversion.Groups["path"].Value)}: {reason}";
            }
            var unknown = UnknownKeys().Match(x.Message);
            if (unknown.Success)
                return $"{Section(unknown.Groups["type"].Value)}: unknown key(s) {unknown.Groups["keys"].Value} (keys are camelCase; see Agent/README.md)";
        }
        return Flatten(e)[0];
    }

    /// <summary>The configuration path "Interfaces:0:HelloInterval" as written in the file: "interfaces[0].helloInterval".</summary>
    public static string KeyPath(string configurationPath)
    {
        var text = new StringBuilder();
        foreach (var part in configurationPath.Split(':'))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
                text.Append('[').Append(part).Append(']');
            else
                text.Append(text.Length == 0 ? "" : ".").Append(
                    part.Equals(nameof(AgentOptions.WireGuard), StringComparison.OrdinalIgnoreCase) ? "wireguard" : AgentOptionsValidator.JsonKey(part));
        }
        return text.ToString();
    }

    [GeneratedRegex("Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    private static string Section(string type) => type switch
    {
        nameof(InterfaceOptions) => "interfaces[]",
        nameof(AnnouncedPrefixOptions) => "announce[]",
        nameof(WireGuardOptions) => "wireguard",
        nameof(WireGuardPeerOptions) => "wireguard.peers[]",
        nameof(ControllerOptions) => "controller",
        _ => "top level",
    };

    [GeneratedRegex(@"not found on the instance of (?:[\w.]*\.)?(?<type>\w+): (?<keys>.*)$", RegexOptions.Singleline)]
    private static partial Regex UnknownKeys();

    private static string[] Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
            parts.Add(x.Message);
        return [string.Join(" ", parts.Distinct())];
    }
}

public sealed record AgentConfigResult(AgentOptions? Options, IReadOnlyList<string> Errors)
{
    public static AgentConfigResult Failed(IReadOnlyList<string> errors) => new(null, errors);
}
