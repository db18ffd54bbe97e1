namespace Babelwire.Agent.Hosting;

/// <summary>Looks an interface up by name; tests replace the system one.</summary>
public interface IInterfaceResolver
{
    /// <summary>Null while the interface is missing or has no fe80::/64 address yet; <paramref name="problem"/> says which.</summary>
    ResolvedInterface? TryResolve(string name, out string problem);
}
