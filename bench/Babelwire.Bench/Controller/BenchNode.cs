namespace Babelwire.Bench.Controller;

/// <summary>A simulated node: its key and link-local address before enrolment, and what the controller gave it.</summary>
internal sealed class BenchNode(int index, string publicKey, string linkLocal, string endpoint)
{
    public int Index { get; } = index;

    public string PublicKey { get; } = publicKey;

    public string LinkLocal { get; } = linkLocal;

    public string Endpoint { get; } = endpoint;

    public Guid NodeId { get; set; }

    public string Credential { get; set; } = "";

    public string OverlayIPv6 { get; set; } = "";

    public string OverlayIPv4 { get; set; } = "";
}
