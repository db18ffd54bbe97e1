namespace Babelwire.Shared.Dashboard;

/// <summary>The value of a command that has nothing to return (<c>AdminResult&lt;Done&gt;</c>).</summary>
public readonly record struct Done;
