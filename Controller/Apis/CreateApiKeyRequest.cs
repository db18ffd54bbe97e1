namespace Babelwire.Controller.Apis;

/// <summary>A new admin API key.</summary>
/// <param name="Name">Who or what uses it ("ci", "alice"); 1-100 characters.</param>
public sealed record CreateApiKeyRequest(string Name);
