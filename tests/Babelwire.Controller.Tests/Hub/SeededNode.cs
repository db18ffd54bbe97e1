namespace Babelwire.Controller.Tests.Hub;

/// <summary>A node put into the database by <see cref="TestNodes"/>, with the hub credential its agent would get.</summary>
public sealed record SeededNode(Guid Id, string Name, string PublicKey, string Credential, string LinkLocalAllowedIP);
