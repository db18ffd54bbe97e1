namespace Babelwire.Web.Components;

/// <summary>Marks a page rendered as a plain server form, without an interactive circuit (sign-in, first run).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StaticPageAttribute : Attribute;
