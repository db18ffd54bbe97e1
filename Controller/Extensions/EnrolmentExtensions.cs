using System.Globalization;
using System.Threading.RateLimiting;
using Babelwire.Controller.Services.Enrolment;
using Babelwire.Controller.Services.Settings;
using Babelwire.Controller.Security;
using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Extensions;

public static class EnrolmentExtensions
{
    /// <summary>The rate-limiter policy of the enrolment endpoint.</summary>
    public const string EnrolmentRateLimitPolicy = "enrolment";

    /// <summary>Enrolment, tokens, address allocation, API keys and settings administration.</summary>
    public static IHostApplicationBuilder AddEnrolmentServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EnrolmentOptions>().BindConfiguration(EnrolmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<MeshChangeNotifications>();
        builder.Services.AddScoped<EnrolmentService>();
        builder.Services.AddScoped<EnrolmentTokens>();
        builder.Services.AddScoped<ApiKeyStore>();
        builder.Services.AddSingleton<ApiKeyUsage>();
        builder.Services.AddScoped<MeshSettingsService>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(EnrolmentRateLimitPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<EnrolmentOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RateLimitPermits,
                    Window = limits.RateLimitWindow,
                    QueueLimit = 0,
                });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many enrolment requests",
                        Detail = "This address made too many enrolment requests; retry after the time in the Retry-After header.",
                    },
                });
            };
        });
        return builder;
    }
}
