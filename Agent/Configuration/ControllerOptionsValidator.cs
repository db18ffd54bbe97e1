using Babelwire.Agent.ControlPlane;

namespace Babelwire.Agent.Configuration;

/// <summary>The rules of the <c>controller</c> section; every message names its key.</summary>
internal static class ControllerOptionsValidator
{
    private const string Path = "controller";
    private static readonly TimeSpan MinimumCoalescingWindow = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaximumCoalescingWindow = TimeSpan.FromSeconds(5);

    public static void Validate(ControllerOptions controller, AgentOptions options, List<string> errors)
    {
        if (controller.Url is not { } url)
            errors.Add($"{Path}.url: is required (the controller's base URL, e.g. \"https://controller.example:8443\")");
        else if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{Path}.url: '{url}' must be an absolute http:// or https:// URL");
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            errors.Add($"{Path}.url: '{url}' must not carry a query or a fragment");

        if (controller.Token is not null && controller.TokenFile is not null)
            errors.Add($"{Path}.tokenFile: give the token inline (token) or in a file (tokenFile), not both");
        if (controller.Token is { } token && string.IsNullOrWhiteSpace(token))
            errors.Add($"{Path}.token: is empty");
        if (controller.TokenFile is { } file && string.IsNullOrWhiteSpace(file))
            errors.Add($"{Path}.tokenFile: is empty");

        if (controller.NodeName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 253 || name.Any(char.IsControl)))
            errors.Add($"{Path}.nodeName: '{name}' must be 1-253 printable characters");

        if (controller.ChangeCoalescingWindow < MinimumCoalescingWindow || controller.ChangeCoalescingWindow > MaximumCoalescingWindow)
            errors.Add($"{Path}.changeCoalescingWindow: {controller.ChangeCoalescingWindow.TotalMilliseconds} ms must be 10 ms to 5 s");

        var endpoints = controller.Endpoints ?? [];
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (!EndpointText.IsValid(endpoints[i]))
                errors.Add($"{Path}.endpoints[{i}]: '{endpoints[i]}' is not \"host:port\" (\"192.0.2.1:51820\", \"[2001:db8::1]:51820\", \"node.example:51820\")");
        }
        foreach (var dup in endpoints.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"{Path}.endpoints: '{dup.Key}' is listed more than once");

        if (options.WireGuard is null)
            errors.Add($"{Path}: needs a wireguard section (the controller's peers are peers of the WireGuard interface)");
    }
}
