namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>
/// The choices that make one generated request, drawn from a tape of numbers that CsCheck generates
/// and shrinks. Every choice puts its plainest option first, so a tape shrunk towards zeros gives the
/// plainest request that still fails.
/// </summary>
public sealed class Tape(uint[] values)
{
    private int _next;

    /// <summary>A number from 0 to <paramref name="count"/> − 1.</summary>
    public int Next(int count) => count <= 1 ? 0 : (int)(values[_next++ % values.Length] % (uint)count);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> options) => options[Next(options.Count)];

    public T Pick<T>(params T[] options) => options[Next(options.Length)];
}
