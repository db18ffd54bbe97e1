namespace Babelwire.Controller.Security;

/// <summary>What revoking an API key came to.</summary>
public enum ApiKeyRevocation
{
    Revoked,
    NotFound,

    /// <summary>Refused: it is the last active key.</summary>
    LastActiveKey,
}
