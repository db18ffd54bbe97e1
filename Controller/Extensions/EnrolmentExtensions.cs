namespace Babelwire.Controller.Extensions;

public static class EnrolmentExtensions
{
    /// <summary>Enrolment, tokens, address allocation, API keys and settings administration.</summary>
    public static IHostApplicationBuilder AddEnrolmentServices(this IHostApplicationBuilder builder) => builder;
}
