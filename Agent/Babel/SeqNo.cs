namespace Babelwire.Agent.Babel;

/// <summary>
/// A 16-bit Babel sequence number with the modular order of RFC 8966 §3.2.1.
/// Deliberately not <see cref="IComparable{T}"/>: the order is not transitive and must never be used to sort.
/// At a distance of exactly 32768 neither value is less than the other.
/// </summary>
public readonly record struct SeqNo(ushort Value)
{
    public SeqNo Plus(int n) => new((ushort)(Value + n));

    /// <summary>RFC 8966 §3.2.1: s &lt; s' iff 0 &lt; (s' − s) mod 2^16 &lt; 32768.</summary>
    public bool IsLessThan(SeqNo other) => (ushort)(other.Value - Value) is > 0 and < 0x8000;

    public bool IsGreaterThan(SeqNo other) => other.IsLessThan(this);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
