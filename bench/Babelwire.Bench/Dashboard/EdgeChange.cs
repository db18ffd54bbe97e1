using System.Globalization;

namespace Babelwire.Bench.Dashboard;

/// <summary>
/// The cost sample <c>k</c> gives one side of a watched link, alternating so that every sample changes how the map
/// draws the edge: odd samples a cost above the map's "good" bound (140; 1,000 + k, so "medium"), even ones a cost
/// within it (100 + k mod 40, so "good"; the other end reports 96-128). The map's edge quality follows the larger side.
/// </summary>
internal readonly record struct EdgeChange(int Cost, string Quality)
{
    public const int GoodBound = 140;

    public static EdgeChange For(int sample) => sample % 2 == 1
        ? new EdgeChange(1_000 + sample, "medium")
        : new EdgeChange(100 + (sample % 40), "good");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cost {Cost} ({Quality})");
}
