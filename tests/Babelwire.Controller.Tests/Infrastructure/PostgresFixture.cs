using Babelwire.Testing;

[assembly: AssemblyFixture(typeof(Babelwire.Controller.Tests.Infrastructure.PostgresFixture))]

namespace Babelwire.Controller.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test assembly; each test creates its own database on it.
/// Without PostgreSQL the tests skip, except under CI=true, where they fail saying what is missing.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _problem;

    public PostgresServer Server
    {
        get
        {
            if (_server is not null)
            {
                return _server;
            }
            var message = $"PostgreSQL is needed: {_problem}";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message);
            }
            Assert.Skip(message);
            return null!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresServer.FindBinDirectory(out _problem) is null)
        {
            return;
        }
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
        {
            await _server.DisposeAsync();
        }
    }
}
