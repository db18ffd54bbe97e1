using System.Text.Json;
using System.Text.Json.Serialization;
using Babelwire.Shared.Enrolment;
using Babelwire.Shared.Mesh;

namespace Babelwire.Agent.ControlPlane;

/// <summary>JSON of the enrolment call and of the files kept in the state directory (camelCase, as ASP.NET Core writes it).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(EnrolmentRequest))]
[JsonSerializable(typeof(EnrolmentResponse))]
[JsonSerializable(typeof(StoredEnrolment))]
[JsonSerializable(typeof(PeerSetDto))]
internal sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
