namespace Babelwire.Shared;

/// <summary>The agent–controller protocol version; agents send it on connect.</summary>
public static class ProtocolVersion
{
    public const int Current = 1;
}
