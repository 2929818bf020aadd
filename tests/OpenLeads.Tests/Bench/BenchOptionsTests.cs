using OpenLeads.Bench;

namespace OpenLeads.Tests.Bench;

/// <summary>The benchmark's options: a typo or a misplaced option is refused with its problem, never run as some other measurement.</summary>
public sealed class BenchOptionsTests
{
    [Theory]
    [InlineData("--recods 5000", "unknown option '--recods'")]
    [InlineData("--records abc", "--records is a whole number of at least 500, not 'abc'")]
    [InlineData("--records 100", "--records is a whole number of at least 500, not '100'")]
    [InlineData("--records 5000 --records 6000", "'--records' is given twice")]
    [InlineData("--records", "'--records' is not --name value")]
    [InlineData("ids", "'ids' is not --name value")]
    [InlineData("--scenario nope", "--scenario is one of ids, job, deals, undo, all, ids-random, read, startup, scale, soak, testserver, snapshot")]
    [InlineData("--provider mysql", "--provider is sqlite or postgres")]
    [InlineData("--scenario ids --seconds 60", "--seconds goes with --scenario soak")]
    [InlineData("--scenario soak --seconds 1m", "--seconds is a whole number of at least 5, not '1m'")]
    [InlineData("--scenario ids --sizes 10000", "--sizes goes with --scenario scale")]
    [InlineData("--scenario scale --records 10000", "--scenario scale takes --sizes, not --records")]
    [InlineData("--scenario scale --sizes 10000,,20000", "--sizes is a list of record counts of at least 500, separated by commas, not '10000,,20000'")]
    [InlineData("--scenario job --batch 0", "--batch is a whole number of at least 1, not '0'")]
    public void Parse_RefusesABadOption_SayingWhy(string args, string problem)
    {
        Assert.Null(BenchOptions.Parse(args.Split(' '), out var said));
        Assert.Equal(problem, said);
    }

    [Fact]
    public void Parse_TakesEachScenariosOwnOptions_AndDefaultsTheRest()
    {
        var soak = BenchOptions.Parse(["--scenario", "soak", "--seconds", "30", "--provider", "postgres"], out var problem);
        var scale = BenchOptions.Parse(["--scenario", "scale", "--sizes", "10000,100000", "--batch", "5000"], out _);
        var read = BenchOptions.Parse(["--scenario", "read"], out _);

        Assert.Null(problem);
        Assert.Equal((30, "postgres", 100_000), (soak!.Seconds, soak.Provider, soak.Records));
        Assert.Equal([10_000, 100_000], scale!.Sizes);
        Assert.Equal(5000, scale.BatchSize);
        Assert.Equal((1_000_000, "sqlite", 60), (read!.Records, read.Provider, read.Seconds));
        Assert.True(BenchOptions.Parse([], out _)!.Runs("undo"));
        Assert.False(BenchOptions.Parse([], out _)!.Runs("ids-random"));
    }
}
