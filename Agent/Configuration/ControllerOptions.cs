namespace Babelwire.Agent.Configuration;

/// <summary>
/// The <c>controller</c> section: the agent enrols with the controller, takes its peers from it and streams its
/// state to it (Agent/README.md documents every key). Without the section the agent runs standalone.
/// </summary>
public sealed class ControllerOptions
{
    /// <summary>The controller's base URL (http or https); the enrolment path and the hub path are appended to it.</summary>
    public Uri? Url { get; set; }

    /// <summary>The enrolment token given by an admin; only needed until the agent has enrolled.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (first line), instead of <see cref="Token"/>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Underlay endpoints ("host:port") peers may reach this node at. Null: every global address of
    /// this host with <c>wireguard.listenPort</c>, when that is set; otherwise none.</summary>
    public List<string>? Endpoints { get; set; }

    /// <summary>
    /// How long the agent waits after a neighbour or selected-route change before it takes a snapshot and sends the
    /// delta, so that a burst of changes (a neighbour going down takes its routes with it) is one message. Counter-only
    /// changes wait for the mesh's state report interval instead.
    /// </summary>
    public TimeSpan ChangeCoalescingWindow { get; set; } = DefaultChangeCoalescingWindow;

    public static readonly TimeSpan DefaultChangeCoalescingWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>The node name proposed at enrolment; null: the host name. The controller makes it unique.</summary>
    public string? NodeName { get; set; }
}
