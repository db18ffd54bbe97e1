namespace Babelwire.Shared.Api;

/// <summary>The answer to creating an API key: the only time its <paramref name="Secret"/> is shown (send it as <c>X-Api-Key</c>).</summary>
public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);
