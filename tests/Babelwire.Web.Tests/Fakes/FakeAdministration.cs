using Babelwire.Shared.Api;
using Babelwire.Shared.Dashboard;

namespace Babelwire.Web.Tests.Fakes;

/// <summary>Every administration interface at once: answers with <see cref="Problem"/> when set, else from its lists.</summary>
internal sealed class FakeAdministration : INodeAdministration, IMeshEventLog, IEnrolmentTokenAdministration, IApiKeyAdministration, IMeshSettingsAdministration
{
    public AdminProblem? Problem { get; set; }

    public List<MeshEventDto> Events { get; } = [];

    public List<MeshEventQuery> EventQueries { get; } = [];

    public List<EnrolmentTokenDto> Tokens { get; } = [];

    public List<ApiKeyDto> Keys { get; } = [];

    public List<string> Calls { get; } = [];

    public MeshSettingsAdminDto Settings { get; set; } = new("fd00::/64", "198.18.0.0/16", TimeSpan.FromSeconds(5), TimeSpan.FromDays(1), TimeSpan.FromDays(30), 3);

    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private AdminResult<T> Answer<T>(string call, Func<T> value)
    {
        Calls.Add(call);
        return Problem is { } problem ? AdminResult<T>.Fail(problem) : AdminResult<T>.Ok(value());
    }

    public Task<AdminResult<NodePeerStatisticsDto>> GetPeerStatisticsAsync(Guid nodeId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("peers", () => new NodePeerStatisticsDto(nodeId, false, Now,
            [new PeerStatisticsDto("peer=", null, "192.0.2.9:51820", Now.AddSeconds(-30), 2048, 4096, Now)])));

    public Task<AdminResult<NodeDto>> DisableAsync(Guid nodeId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("disable", () => Mesh.Node(1, disabled: true)));

    public Task<AdminResult<NodeDto>> EnableAsync(Guid nodeId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("enable", () => Mesh.Node(1)));

    public Task<AdminResult<Done>> DeleteAsync(Guid nodeId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("delete", () => new Done()));

    public Task<AdminResult<PageDto<MeshEventDto>>> QueryAsync(MeshEventQuery query, CancellationToken cancellationToken)
    {
        EventQueries.Add(query);
        return Task.FromResult(Answer("events", () =>
        {
            var items = Events
                .Where(e => query.NodeId is null || e.NodeId == query.NodeId || e.PeerNodeId == query.NodeId)
                .Where(e => query.Kinds is not { Count: > 0 } || query.Kinds.Contains(e.Kind))
                .Where(e => query.Before is null || e.Id < query.Before)
                .OrderByDescending(e => e.Id)
                .ToList();
            var page = items.Take(query.Limit).ToList();
            return new PageDto<MeshEventDto>(page, items.Count > query.Limit ? page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }));
    }

    Task<AdminResult<IReadOnlyList<EnrolmentTokenDto>>> IEnrolmentTokenAdministration.ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Answer<IReadOnlyList<EnrolmentTokenDto>>("tokens", () => [.. Tokens]));

    public Task<AdminResult<CreatedEnrolmentTokenDto>> CreateAsync(NewEnrolmentToken token, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("create-token", () =>
        {
            var dto = new EnrolmentTokenDto(Guid.NewGuid(), token.Name, token.MaxUses, 0, token.MaxUses, Now, Now + token.ExpiresIn, null, token.Tags, EnrolmentTokenStates.Active);
            Tokens.Add(dto);
            return new CreatedEnrolmentTokenDto(dto, "bwt_secret_123");
        }));

    Task<AdminResult<Done>> IEnrolmentTokenAdministration.RevokeAsync(Guid tokenId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("revoke-token", () => new Done()));

    Task<AdminResult<IReadOnlyList<ApiKeyDto>>> IApiKeyAdministration.ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Answer<IReadOnlyList<ApiKeyDto>>("keys", () => [.. Keys]));

    public Task<AdminResult<CreatedApiKeyDto>> CreateAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("create-key", () =>
        {
            var key = new ApiKeyDto(Guid.NewGuid(), name, Now, null, null);
            Keys.Add(key);
            return new CreatedApiKeyDto(key, "bwk_secret_456");
        }));

    Task<AdminResult<Done>> IApiKeyAdministration.RevokeAsync(Guid keyId, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("revoke-key", () => new Done()));

    public Task<AdminResult<MeshSettingsAdminDto>> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Answer("settings", () => Settings));

    public Task<AdminResult<MeshSettingsAdminDto>> UpdateAsync(MeshSettingsChange change, CancellationToken cancellationToken) =>
        Task.FromResult(Answer("update-settings", () => Settings = Settings with { StateReportInterval = change.StateReportInterval ?? Settings.StateReportInterval, Version = Settings.Version + 1 }));
}
