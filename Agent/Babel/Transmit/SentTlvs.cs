using System.Net;
using Babelwire.Agent.Babel.Wire;

namespace Babelwire.Agent.Babel.Transmit;

/// <summary>What one flush handed to the codec: a test hook, so the engine can be checked TLV by TLV.</summary>
internal sealed record SentTlvs(string Interface, IPAddress Destination, IReadOnlyList<Tlv> Tlvs, bool Paced);
