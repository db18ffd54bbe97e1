using System.ComponentModel.DataAnnotations;

namespace Babelwire.Controller.Services.Enrolment;

/// <summary>The <c>Enrolment</c> configuration section: the per-client-IP rate limit of the (anonymous) enrolment endpoint.</summary>
public sealed class EnrolmentOptions
{
    public const string Section = "Enrolment";

    /// <summary>Enrolment requests one client IP may make per <see cref="RateLimitWindow"/>; more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
