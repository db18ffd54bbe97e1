namespace Babelwire.Shared.Dashboard;

/// <summary>A token to create from the dashboard; the same rules as the REST API's <c>POST /api/v1/tokens</c>.</summary>
/// <param name="MaxUses">Null: unlimited until expiry.</param>
/// <param name="ExpiresIn">Lifetime from now.</param>
/// <param name="Tags">Lower-case DNS labels given to every node enrolled with it.</param>
public sealed record NewEnrolmentToken(string Name, int? MaxUses, TimeSpan ExpiresIn, IReadOnlyList<string> Tags);
