using Babelwire.Controller.Data.Model;
using Babelwire.Shared.Mesh;

namespace Babelwire.Controller.Services;

/// <summary>
/// The mesh settings row, read once at start and replaced whenever the settings API changes it, so that hot paths
/// (enrolment, hub connects) never query it. Treat <see cref="Value"/> as immutable.
/// </summary>
public sealed class CurrentMeshSettings
{
    private MeshSettings? _value;

    public MeshSettings Value => Volatile.Read(ref _value) ?? throw new InvalidOperationException("Mesh settings are read after the database migration.");

    public MeshSettingsDto ToDto()
    {
        var value = Value;
        return new MeshSettingsDto(value.OverlayIPv6Prefix.ToString(), value.OverlayIPv4Prefix.ToString(), value.StateReportInterval);
    }

    public void Set(MeshSettings value) => Volatile.Write(ref _value, value);
}
