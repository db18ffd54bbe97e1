namespace Babelwire.Agent.WireGuard;

// CONTRACT (issue 3): the WireGuard helper fills in parsing, formatting and generation; keep the shape.
/// <summary>A 32-octet WireGuard (Curve25519) key. Base64 for people and config files, hex on the UAPI.</summary>
public readonly record struct WireGuardKey
{
    public const int Size = 32;
}
