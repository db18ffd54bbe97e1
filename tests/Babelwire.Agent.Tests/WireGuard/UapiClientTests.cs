using System.Net.Sockets;
using System.Text;
using Babelwire.Agent.WireGuard;

namespace Babelwire.Agent.Tests.WireGuard;

/// <summary>The client against servers that misbehave: every failure is a <see cref="UapiException"/>.</summary>
public sealed class UapiClientTests
{
    [Theory]
    [InlineData("", "closed the connection without a reply")]
    [InlineData("listen_port=1\n", "cut short")]
    [InlineData("\n", "empty reply")]
    [InlineData("hello\n\n", "malformed")]
    public async Task A_bad_reply_to_a_get_is_a_uapi_error(string reply, string expected)
    {
        using var dir = new TempDirectory();
        using var server = Serve(dir.Path, "wgc0", reply);
        await using var client = new UapiClient("wgc0", socketDirectory: dir.Path);

        var error = await Assert.ThrowsAsync<UapiException>(() => client.GetAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(error.Errno);
    }

    [Fact]
    public async Task A_non_zero_errno_to_a_set_is_a_typed_error_naming_the_interface()
    {
        using var dir = new TempDirectory();
        using var server = Serve(dir.Path, "wgc1", "errno=-98\n\n");
        await using var client = new UapiClient("wgc1", socketDirectory: dir.Path);

        var error = await Assert.ThrowsAsync<UapiException>(() =>
            client.SetAsync(new StringBuilder("listen_port=51820\n"), TestContext.Current.CancellationToken));

        Assert.Equal(98, error.Errno);
        Assert.Contains("wgc1", error.Message, StringComparison.Ordinal);
        Assert.Contains("EADDRINUSE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_a_uapi_error()
    {
        using var dir = new TempDirectory();
        using var server = Serve(dir.Path, "wgc2", reply: null);
        await using var client = new UapiClient("wgc2", socketDirectory: dir.Path, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<UapiException>(() => client.GetAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no reply within", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers every connection's first request with <paramref name="reply"/> (or nothing), then closes it.</summary>
    private static Socket Serve(string directory, string interfaceName, string? reply)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(directory, interfaceName + ".sock")));
        listener.Listen();
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                using var connection = await listener.AcceptAsync();
                var buffer = new byte[4096];
                await connection.ReceiveAsync(buffer);
                if (reply is null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    return;
                }

                await connection.SendAsync(Encoding.ASCII.GetBytes(reply));
            }
        });
        return listener;
    }
}
