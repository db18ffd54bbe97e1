using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Babelwire.Agent.Configuration;

/// <summary>A local prefix this router originates (IPv6, or IPv4 sent as RFC 9229 AE 4).</summary>
public sealed class AnnouncedPrefixOptions
{
    [Required]
    public IPNetwork? Prefix { get; set; }

    /// <summary>The metric we advertise it with; 0xFFFF would be a retraction.</summary>
    [Range(0, 0xFFFE)]
    public int Metric { get; set; }
}
