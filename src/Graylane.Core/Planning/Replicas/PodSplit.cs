using System.Globalization;

namespace Graylane.Core.Planning.Replicas;

/// <summary>Pods of each version behind one Service: the gray's share of traffic is its share of the ready pods.</summary>
public readonly record struct PodSplit(int Gray, int Baseline)
{
    public int Total => Gray + Baseline;

    /// <summary>The gray's share of the pods in percent (0 when there are none).</summary>
    public double Share => Total == 0 ? 0 : 100.0 * Gray / Total;

    /// <summary>The share rounded to a whole percentage, as reports show it.</summary>
    public int ShareRounded => (int)Math.Round(Share, MidpointRounding.AwayFromZero);

    /// <summary>"1 of 5 pods, 20%".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Gray} of {Total} pod{(Total == 1 ? "" : "s")}, {ShareRounded}%");

    /// <summary>"20% asked: 1 of 5 pods, 20%" — the rounding a shift makes, printed so nobody is surprised by it.</summary>
    public string Asked(int weight) => string.Create(CultureInfo.InvariantCulture, $"{weight}% asked: {this}");
}
