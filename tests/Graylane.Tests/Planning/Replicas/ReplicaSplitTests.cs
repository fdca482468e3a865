using Graylane.Core.Planning.Replicas;
using Graylane.Core.Validation;

namespace Graylane.Tests.Planning.Replicas;

public class ReplicaSplitTests
{
    [Theory]
    [InlineData(20, 5, 1, "20% asked: 1 of 5 pods, 20%")]
    [InlineData(50, 5, 2, "50% asked: 2 of 5 pods, 40%")]     // 2.5: a tie goes to the smaller gray count
    [InlineData(25, 10, 2, "25% asked: 2 of 10 pods, 20%")]   // 2.5 again
    [InlineData(30, 5, 1, "30% asked: 1 of 5 pods, 20%")]     // 1.5: 1 pod (20%) and 2 (40%) are both 10 points off
    [InlineData(33, 3, 1, "33% asked: 1 of 3 pods, 33%")]
    [InlineData(60, 4, 2, "60% asked: 2 of 4 pods, 50%")]     // 2.4
    [InlineData(70, 4, 3, "70% asked: 3 of 4 pods, 75%")]     // 2.8
    [InlineData(50, 2, 1, "50% asked: 1 of 2 pods, 50%")]
    public void The_nearest_count_is_taken_and_printed(int weight, int total, int gray, string printed)
    {
        var split = ReplicaSplit.Plan(weight, total);
        Assert.Equal(gray, split.Gray);
        Assert.Equal(total, split.Total);
        Assert.Equal(printed, split.Asked(weight));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Zero_and_a_hundred_are_exact_for_any_total(int total)
    {
        Assert.Equal(new PodSplit(0, total), ReplicaSplit.Plan(0, total));
        Assert.Equal(new PodSplit(total, 0), ReplicaSplit.Plan(100, total));
    }

    [Fact]
    public void A_weight_between_keeps_a_pod_of_each_version()
    {
        // 1% of 50 pods rounds to 0 and 99% to 50: each version keeps one pod, so 1 and 99 never collapse into 0 and 100.
        Assert.Equal(new PodSplit(1, 49), ReplicaSplit.Nearest(1, 50));
        Assert.Equal(new PodSplit(49, 1), ReplicaSplit.Nearest(99, 50));
        for (var total = 2; total <= 40; total++)
            for (var weight = 1; weight <= 99; weight++)
            {
                var split = ReplicaSplit.Nearest(weight, total)!.Value;
                Assert.InRange(split.Gray, 1, total - 1);
                // No other count with both versions is nearer to the weight.
                for (var other = 1; other < total; other++)
                    Assert.True(Math.Abs(100.0 * split.Gray / total - weight) <= Math.Abs(100.0 * other / total - weight) + 1e-9,
                        $"{weight}% of {total}: {split.Gray} chosen, {other} is nearer");
            }
    }

    [Theory]
    [InlineData(5, 5, false)]   // 1 of 5 = 20%: 15 points off
    [InlineData(10, 5, true)]   // 20%: exactly 10 off
    [InlineData(50, 1, false)]  // one pod: no split
    [InlineData(90, 5, true)]   // 4 of 5 = 80%
    [InlineData(95, 5, false)]  // 80%: 15 off
    [InlineData(5, 10, true)]   // 10%
    public void The_ten_point_rule(int weight, int total, bool reaches)
    {
        var split = ReplicaSplit.Nearest(weight, total);
        Assert.Equal(reaches, split is { } s && ReplicaSplit.Reaches(weight, s));
        if (reaches) ReplicaSplit.Plan(weight, total);
        else Assert.Equal("weight", Assert.Throws<InvalidInputException>(() => ReplicaSplit.Plan(weight, total)).Input);
    }

    [Fact]
    public void An_unreachable_weight_is_refused_with_the_nearest_and_the_replicas_that_would_do()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ReplicaSplit.Plan(5, 5));
        Assert.Equal("weight", ex.Input);
        Assert.Equal("--weight 5 cannot be approached with 5 pods behind the Service: the nearest is 1 of 5 pods, 20%, 15 points off (at most 10); " +
                     "--replicas 7 would give 1 of 7 pods, 14%, or choose a weight near 20", ex.Message);

        var single = Assert.Throws<InvalidInputException>(() => ReplicaSplit.Plan(50, 1));
        Assert.Equal("--weight 50 is not possible with 1 pod: a split needs a pod of each version, so only 0 and 100 are; --replicas 2 would give 1 of 2 pods, 50%", single.Message);
    }

    [Fact]
    public void The_total_suggested_is_the_smallest_that_reaches_and_never_more_than_ten()
    {
        Assert.Equal(7, ReplicaSplit.TotalThatReaches(5, 5));
        Assert.Equal(7, ReplicaSplit.TotalThatReaches(95, 3));
        Assert.Equal(2, ReplicaSplit.TotalThatReaches(50, 1));
        Assert.Equal(12, ReplicaSplit.TotalThatReaches(5, 12)); // never fewer pods than the release has
        for (var weight = 0; weight <= 100; weight++)
            for (var from = 1; from <= 10; from++)
            {
                var total = ReplicaSplit.TotalThatReaches(weight, from);
                Assert.InRange(total, from, 10);
                Assert.True(ReplicaSplit.Reaches(weight, ReplicaSplit.Nearest(weight, total)!.Value));
                for (var smaller = from; smaller < total; smaller++)
                    Assert.False(ReplicaSplit.Nearest(weight, smaller) is { } s && ReplicaSplit.Reaches(weight, s), $"{weight}%: {smaller} pods already reach it");
            }
    }

    [Fact]
    public void No_pods_at_all_is_refused_naming_replicas()
    {
        Assert.Equal("replicas", Assert.Throws<InvalidInputException>(() => ReplicaSplit.Plan(0, 0)).Input);
    }
}
