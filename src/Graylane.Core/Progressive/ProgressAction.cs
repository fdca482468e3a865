namespace Graylane.Core.Progressive;

/// <summary>What a progressive run does next (see <see cref="ProgressivePlanner"/>).</summary>
public enum ProgressActionKind
{
    /// <summary>Move traffic to step Index's weight.</summary>
    Shift,
    /// <summary>Traffic is at step Index: wait until Until, then analyse.</summary>
    Wait,
    /// <summary>Analyse step Index now.</summary>
    Analyse,
    /// <summary>Every step passed.</summary>
    Complete,
}

/// <param name="Index">The step (index into the run's Steps).</param>
/// <param name="Until">For Wait: when the analysis is due.</param>
public readonly record struct ProgressAction(ProgressActionKind Kind, int Index, DateTimeOffset Until = default);
