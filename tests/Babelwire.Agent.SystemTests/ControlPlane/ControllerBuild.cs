namespace Babelwire.Agent.SystemTests.ControlPlane;

/// <summary>Finds the controller's Release build (<c>Controller/bin/Release/net10.0/babelwire-controller.dll</c>), run with <c>dotnet</c>.</summary>
public static class ControllerBuild
{
    private const string DllName = "babelwire-controller.dll";

    public static string? FindControllerDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Babelwire.slnx")))
            {
                var dll = Path.Combine(dir.FullName, "Controller", "bin", "Release", "net10.0", DllName);
                return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) ? dll : null;
            }
        }

        return null;
    }
}
