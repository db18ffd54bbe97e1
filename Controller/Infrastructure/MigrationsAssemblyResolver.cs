using System.Reflection;
using System.Runtime.Loader;

namespace Babelwire.Controller.Infrastructure;

/// <summary>
/// The migrations project references the controller (it needs the DbContext), so the controller cannot reference it
/// back. Its build copies the assembly next to the controller's (EF Core docs, "Using a Separate Migrations Project"),
/// and this resolver loads it from there when EF Core asks for it by name.
/// </summary>
public static class MigrationsAssemblyResolver
{
    public static void Register() => AssemblyLoadContext.Default.Resolving += (context, name) =>
    {
        if (name.Name != MeshDbContext.MigrationsAssembly)
        {
            return null;
        }
        var path = Path.Combine(AppContext.BaseDirectory, MeshDbContext.MigrationsAssembly + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    };

    /// <summary>Whether the migrations can be found at all; a controller without them refuses to start.</summary>
    public static bool IsAvailable()
    {
        try
        {
            Assembly.Load(MeshDbContext.MigrationsAssembly);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
