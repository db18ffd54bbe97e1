using Babelwire.Testing;

[assembly: AssemblyFixture(typeof(Babelwire.EndToEnd.Tests.PostgresFixture))]

namespace Babelwire.EndToEnd.Tests;

/// <summary>One throwaway PostgreSQL server for the assembly; skipped without PostgreSQL, failed under CI=true.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _problem;

    public PostgresServer Server
    {
        get
        {
            if (_server is not null)
                return _server;
            var message = $"PostgreSQL is needed: {_problem}";
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail(message);
            Assert.Skip(message);
            return null!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresServer.FindBinDirectory(out _problem) is null)
            return;
        try
        {
            _server = await PostgresServer.StartAsync(durable: false, TestContext.Current.CancellationToken);
        }
        catch (InvalidOperationException e)
        {
            _problem = e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
