using Till.Sessions;

namespace Till.Tests.Sessions;

/// <summary>The ledger chain's canonical bytes and links, as docs/extensions.md documents them.</summary>
public sealed class LedgerChainTests
{
    private static readonly CashActivity Opening = new()
    {
        ShopId = 1,
        DrawerId = 1,
        SessionId = 1,
        Kind = ActivityKind.Count,
        Type = ActivityType.Opening,
        Cash = 100m,
        Currency = "USD",
        Time = new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero),
        StaffId = 1,
        ReasonCodeId = 7,
        Counted = 100m,
        Expected = 100m,
        Discrepancy = 0m,
    };

    [Fact]
    public void TheDocumentedExample_HasTheDocumentedBytesAndHash()
    {
        System.Text.Encoding.UTF8.GetString(LedgerChain.Canonical(null, 1, Opening))
            .ShouldBe("13:till-ledger-1,0:,1:1,1:1,1:1,1:1,5:Count,7:OPENING,6:100000,3:USD,18:639106416000000000,1:1,1:7,-,6:100000,6:100000,1:0,-,-,-,");
        LedgerChain.Link(null, 1, Opening).ShouldBe("c4c44ea03bd3bada4905b791d006dad918c6537c5d96ffb9d4679036ea47d29d");
    }

    [Fact]
    public void EveryField_ChangesTheLink()
    {
        var link = LedgerChain.Link("ab", 2, Opening);
        CashActivity[] changed =
        [
            Opening with { ShopId = 2 }, Opening with { DrawerId = 2 }, Opening with { SessionId = 2 }, Opening with { Kind = ActivityKind.Adjustment },
            Opening with { Type = ActivityType.MidSession }, Opening with { Cash = 100.001m }, Opening with { Currency = "EUR" }, Opening with { Time = Opening.Time.AddTicks(1) },
            Opening with { StaffId = 2 }, Opening with { ReasonCodeId = null }, Opening with { Note = string.Empty }, Opening with { Counted = null }, Opening with { Expected = 99m },
            Opening with { Discrepancy = null }, Opening with { TransactionId = 1 }, Opening with { ReversesId = 1 }, Opening with { Denominations = [new DenominationCount(50m, 2)] },
        ];

        changed.Select(a => LedgerChain.Link("ab", 2, a)).ShouldAllBe(l => l != link);
        LedgerChain.Link("ac", 2, Opening).ShouldNotBe(link);
        LedgerChain.Link("ab", 3, Opening).ShouldNotBe(link);
    }

    [Fact]
    public void Walk_FindsAChangedActivity_AMissingLastOne_AndAWrongHead()
    {
        var first = Opening with { Id = 1, Hash = LedgerChain.Link(null, 1, Opening) };
        var second = (Opening with { Id = 2, Kind = ActivityKind.Adjustment, Type = ActivityType.Adjustment, Cash = -20m, Counted = null, Expected = null, Discrepancy = null }) is var s
            ? s with { Hash = LedgerChain.Link(first.Hash, 2, s) }
            : null!;

        Walk(second.Hash, 2, first, second).ShouldBeNull();
        Walk(second.Hash, 2, first, second with { Cash = -21m })!.ActivityId.ShouldBe(2);
        Walk(second.Hash, 2, first)!.Problem.ShouldContain("records 2 activities");
        Walk("00", 2, first, second)!.ActivityId.ShouldBe(2);
        Walk(null, 0).ShouldBeNull();
        Walk("00", 0)!.ActivityId.ShouldBeNull();
    }

    private static LedgerBreak? Walk(string? head, long count, params CashActivity[] activities)
    {
        var walk = new LedgerWalk(head, count);
        foreach (var activity in activities)
        {
            if (!walk.Step(activity))
            {
                break;
            }
        }

        return walk.Finish();
    }
}
