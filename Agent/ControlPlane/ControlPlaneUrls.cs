namespace Babelwire.Agent.ControlPlane;

internal static class ControlPlaneUrls
{
    /// <summary>The base URL with <paramref name="route"/> appended, keeping a path prefix the base may have ("https://c.example/mesh").</summary>
    public static Uri Combine(Uri controller, string route) => new(controller.AbsoluteUri.TrimEnd('/') + route);
}
