using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Pagination;

public sealed class SessionPaginationTests(PaginationFixture fixture) : IClassFixture<PaginationFixture>
{
    private const int SessionCount = PaginationFixture.SessionCount;
    private const int PageSize = 100;

    private const string Sessions = """
        query($first: Int, $after: String, $last: Int, $before: String, $sortKey: PointOfSaleDevicePaymentSessionSortKeys, $reverse: Boolean) {
          pointOfSaleDevicePaymentSessions(first: $first, after: $after, last: $last, before: $before, sortKey: $sortKey, reverse: $reverse) {
            edges { cursor node { id } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private readonly TillServer server = fixture.Server;
    private readonly TestShop shop = fixture.Shop;
    private readonly List<SeededSession> seeded = fixture.Seeded;

    private sealed record Page(List<string> Ids, List<string> Cursors, bool HasNext, bool HasPrevious, string? StartCursor, string? EndCursor);

    private async Task<JsonElement> QueryAsync(string token, object variables)
    {
        using var response = await server.PostGraphQLAsync(token, Sessions, variables);
        var result = await TillServer.ReadJsonAsync(response);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, result.ToString());
        return result;
    }

    private async Task<Page> PageAsync(string token, string sortKey, bool reverse, int? first = null, string? after = null, int? last = null, string? before = null)
    {
        var result = await QueryAsync(token, new { first, after, last, before, sortKey, reverse });
        var connection = QueryKit.Data(result).GetProperty("pointOfSaleDevicePaymentSessions");
        var edges = connection.GetProperty("edges").EnumerateArray().ToList();
        var info = connection.GetProperty("pageInfo");
        return new Page(
            [.. edges.Select(e => e.GetProperty("node").GetProperty("id").GetString()!)],
            [.. edges.Select(e => e.GetProperty("cursor").GetString()!)],
            info.GetProperty("hasNextPage").GetBoolean(),
            info.GetProperty("hasPreviousPage").GetBoolean(),
            info.GetProperty("startCursor").GetString(),
            info.GetProperty("endCursor").GetString());
    }

    /// <summary>The sort key of a session; sessions still open have no closing time and sort as a block of their own.</summary>
    private static long Key(SeededSession s, string sortKey) => sortKey switch
    {
        "OPENING_TIME" => s.OpeningTicks,
        "CLOSING_TIME" => s.ClosingTicks ?? long.MaxValue,
        _ => s.Id,
    };

    private static List<string> Ordered(IEnumerable<SeededSession> sessions, string sortKey, bool reverse)
    {
        var ordered = sessions.OrderBy(s => Key(s, sortKey)).ThenBy(s => s.Id);
        return [.. (reverse ? ordered.Reverse() : ordered).Select(s => s.Gid)];
    }

    /// <summary>
    /// The orders the spec allows: by key then ID. For CLOSING_TIME the open sessions (no closing time)
    /// may come as one block either after or before the closed ones, ordered by ID.
    /// </summary>
    private static List<List<string>> AllowedOrders(IReadOnlyCollection<SeededSession> sessions, string sortKey, bool reverse)
    {
        if (sortKey != "CLOSING_TIME")
        {
            return [Ordered(sessions, sortKey, reverse)];
        }

        var closed = Ordered(sessions.Where(s => s.ClosingTicks is not null), sortKey, reverse);
        var open = Ordered(sessions.Where(s => s.ClosingTicks is null), "ID", reverse);
        return [[.. closed, .. open], [.. open, .. closed]];
    }

    private static void ShouldBeOneOf(List<string> actual, List<List<string>> allowed)
    {
        if (!allowed.Any(a => a.SequenceEqual(actual)))
        {
            var firstDifference = Enumerable.Range(0, Math.Min(actual.Count, allowed[0].Count)).FirstOrDefault(i => actual[i] != allowed[0][i], -1);
            throw new ShouldAssertException($"Order is wrong: {actual.Count} IDs, first difference from the expected order at index {firstDifference}.");
        }
    }

    public static TheoryData<string, bool> SortKeys() => new()
    {
        { "ID", false },
        { "ID", true },
        { "OPENING_TIME", false },
        { "OPENING_TIME", true },
        { "CLOSING_TIME", false },
        { "CLOSING_TIME", true },
    };

    [Theory]
    [MemberData(nameof(SortKeys))]
    public async Task Sessions_FirstAfterWalk_SeesEachSessionOnceInOrderWithExactPageInfo(string sortKey, bool reverse)
    {
        var token = await QueryKit.CreateTokenAsync(shop);
        var pages = new List<Page>();
        string? after = null;
        do
        {
            var page = await PageAsync(token, sortKey, reverse, first: PageSize, after: after);
            pages.Add(page);
            after = page.EndCursor;
        }
        while (pages[^1].HasNext && pages.Count <= SessionCount / PageSize);

        pages.Count.ShouldBe(SessionCount / PageSize);
        var ids = pages.SelectMany(p => p.Ids).ToList();
        ids.Count.ShouldBe(SessionCount);
        ids.Distinct().Count().ShouldBe(SessionCount);
        ids.ToHashSet().SetEquals(seeded.Select(s => s.Gid)).ShouldBeTrue();
        ShouldBeOneOf(ids, AllowedOrders(seeded, sortKey, reverse));
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            page.Ids.Count.ShouldBe(PageSize);
            page.HasPrevious.ShouldBe(i > 0, $"page {i}");
            page.HasNext.ShouldBe(i < pages.Count - 1, $"page {i}");
            page.StartCursor.ShouldBe(page.Cursors[0], $"page {i}");
            page.EndCursor.ShouldBe(page.Cursors[^1], $"page {i}");
        }
    }

    [Theory]
    [MemberData(nameof(SortKeys))]
    public async Task Sessions_LastBeforeWalk_SeesEachSessionOnceInOrderWithExactPageInfo(string sortKey, bool reverse)
    {
        var token = await QueryKit.CreateTokenAsync(shop);
        var pages = new List<Page>();
        string? before = null;
        do
        {
            var page = await PageAsync(token, sortKey, reverse, last: PageSize, before: before);
            pages.Add(page);
            before = page.StartCursor;
        }
        while (pages[^1].HasPrevious && pages.Count <= SessionCount / PageSize);

        pages.Count.ShouldBe(SessionCount / PageSize);
        var ids = pages.AsEnumerable().Reverse().SelectMany(p => p.Ids).ToList();
        ids.Count.ShouldBe(SessionCount);
        ids.Distinct().Count().ShouldBe(SessionCount);
        ShouldBeOneOf(ids, AllowedOrders(seeded, sortKey, reverse));
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            page.Ids.Count.ShouldBe(PageSize);
            page.HasNext.ShouldBe(i > 0, $"page {i} from the end");
            page.HasPrevious.ShouldBe(i < pages.Count - 1, $"page {i} from the end");
            page.StartCursor.ShouldBe(page.Cursors[0], $"page {i} from the end");
            page.EndCursor.ShouldBe(page.Cursors[^1], $"page {i} from the end");
        }
    }

    [Fact]
    public async Task Sessions_UnevenPageSize_EndsWithAShortPage()
    {
        var token = await QueryKit.CreateTokenAsync(shop);
        var ids = new List<string>();
        var sizes = new List<int>();
        Page page;
        string? after = null;
        do
        {
            page = await PageAsync(token, "OPENING_TIME", false, first: 240, after: after);
            ids.AddRange(page.Ids);
            sizes.Add(page.Ids.Count);
            after = page.EndCursor;
        }
        while (page.HasNext && sizes.Count < 10);

        var firstPage = await PageAsync(token, "OPENING_TIME", false, last: 7);
        sizes.ShouldBe([240, 240, 240, 240, 40]);
        ids.ShouldBe(Ordered(seeded, "OPENING_TIME", false));
        firstPage.Ids.ShouldBe(Ordered(seeded, "OPENING_TIME", false)[^7..]);
        (firstPage.HasNext, firstPage.HasPrevious).ShouldBe((false, true));
    }

    [Fact]
    public async Task Sessions_CursorFromTheMiddleOfAPage_ContinuesRightAfterIt()
    {
        var token = await QueryKit.CreateTokenAsync(shop);

        var page = await PageAsync(token, "OPENING_TIME", true, first: 50);
        var next = await PageAsync(token, "OPENING_TIME", true, first: 10, after: page.Cursors[24]);
        var previous = await PageAsync(token, "OPENING_TIME", true, last: 10, before: page.Cursors[24]);

        next.Ids.ShouldBe(page.Ids[25..35]);
        (next.HasPrevious, next.HasNext).ShouldBe((true, true));
        previous.Ids.ShouldBe(page.Ids[14..24]);
        (previous.HasPrevious, previous.HasNext).ShouldBe((true, true));
    }

    public static TheoryData<string, bool, bool> InsertWalks() => new()
    {
        { "OPENING_TIME", false, false },
        { "CLOSING_TIME", true, false },
        { "OPENING_TIME", false, true },
        { "ID", false, true },
    };

    [Theory]
    [MemberData(nameof(InsertWalks))]
    public async Task Sessions_RowsInsertedMidWalk_NoExistingSessionIsSkippedOrRepeated(string sortKey, bool reverse, bool backward)
    {
        var own = await server.CreateShopAsync();
        var seed = new SessionSeed(server, own);
        var existing = await seed.InsertAsync(SessionCount);
        var token = await QueryKit.CreateTokenAsync(own);
        var all = new List<SeededSession>(existing);
        var pages = new List<Page>();
        string? cursor = null;
        do
        {
            var page = backward
                ? await PageAsync(token, sortKey, reverse, last: PageSize, before: cursor)
                : await PageAsync(token, sortKey, reverse, first: PageSize, after: cursor);
            pages.Add(page);
            cursor = backward ? page.StartCursor : page.EndCursor;
            if (pages.Count is 3 or 6)
            {
                all.AddRange(await seed.InsertAsync(40, salt: pages.Count * 1000));
            }
        }
        while ((backward ? pages[^1].HasPrevious : pages[^1].HasNext) && pages.Count < 40);

        var seen = (backward ? pages.AsEnumerable().Reverse() : pages).SelectMany(p => p.Ids).ToList();
        seen.Distinct().Count().ShouldBe(seen.Count, "a session was listed twice");
        var seenSet = seen.ToHashSet();
        existing.Where(s => !seenSet.Contains(s.Gid)).ShouldBeEmpty("pre-existing sessions were skipped");
        var byGid = all.ToDictionary(s => s.Gid);
        ShouldBeOneOf(seen, AllowedOrders([.. seen.Select(g => byGid[g])], sortKey, reverse));
        pages[^1].HasNext.ShouldBe(backward);
        pages[^1].HasPrevious.ShouldBe(!backward);
    }

    [Fact]
    public async Task Sessions_ClosingTimeWalk_TakesUnderTenSeconds()
    {
        var token = await QueryKit.CreateTokenAsync(shop);
        var clock = Stopwatch.StartNew();
        string? after = null;
        var count = 0;
        Page page;
        do
        {
            page = await PageAsync(token, "CLOSING_TIME", false, first: PageSize, after: after);
            count += page.Ids.Count;
            after = page.EndCursor;
        }
        while (page.HasNext);

        count.ShouldBe(SessionCount);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Sessions_FirstZero_IsAnEmptyPage()
    {
        var page = await PageAsync(shop.Token, "ID", false, first: 0);

        page.Ids.ShouldBeEmpty();
        page.HasNext.ShouldBeFalse();
        page.StartCursor.ShouldBeNull();
        page.EndCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Sessions_First250_IsAFullPage()
    {
        var page = await PageAsync(shop.Token, "ID", false, first: 250);

        page.Ids.ShouldBe(Ordered(seeded, "ID", false)[..250]);
        (page.HasPrevious, page.HasNext).ShouldBe((false, true));
    }

    [Fact]
    public async Task Sessions_OtherShopsSessions_AreNotListed()
    {
        var other = await server.CreateShopAsync();
        var theirs = await other.OpenAsync();

        var ids = new List<string>();
        string? after = null;
        Page page;
        do
        {
            page = await PageAsync(shop.Token, "ID", false, first: 250, after: after);
            ids.AddRange(page.Ids);
            after = page.EndCursor;
        }
        while (page.HasNext);

        ids.ShouldNotContain(theirs);
        ids.Count.ShouldBe(SessionCount);
    }

    private async Task ShouldBeBadRequestAsync(object variables, string? messagePart = null)
    {
        var result = await QueryAsync(shop.Token, variables);
        QueryKit.ErrorCode(result).ShouldBe("BAD_REQUEST", result.ToString());
        if (messagePart is not null)
        {
            QueryKit.ErrorMessage(result).ShouldContain(messagePart, Case.Insensitive);
        }

        if (result.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            data.TryGetProperty("pointOfSaleDevicePaymentSessions", out var field).ShouldBeTrue();
            field.ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }

    [Fact]
    public async Task Sessions_CursorFromCashDrawers_IsBadRequest()
    {
        var drawers = QueryKit.Data(await shop.GraphQLAsync("{ cashDrawers(first: 1) { pageInfo { endCursor } } }"));
        var cursor = drawers.GetProperty("cashDrawers").GetProperty("pageInfo").GetProperty("endCursor").GetString()!;

        await ShouldBeBadRequestAsync(new { first = 10, after = cursor, sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { last = 10, before = cursor, sortKey = "ID", reverse = false });
    }

    [Fact]
    public async Task Sessions_CursorFromCashTrackingSessions_IsBadRequest()
    {
        var legacy = QueryKit.Data(await shop.GraphQLAsync("{ cashTrackingSessions(first: 1) { pageInfo { endCursor } } }"));
        var cursor = legacy.GetProperty("cashTrackingSessions").GetProperty("pageInfo").GetProperty("endCursor").GetString()!;

        await ShouldBeBadRequestAsync(new { first = 10, after = cursor, sortKey = "ID", reverse = false });
    }

    [Fact]
    public async Task Sessions_TamperedCursor_IsBadRequest()
    {
        var page = await PageAsync(shop.Token, "ID", false, first: 5);
        var cursor = page.EndCursor!;
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(cursor)));
        var digit = text.IndexOf('|', StringComparison.Ordinal) + 1;
        var altered = text[..digit] + (text[digit] == '9' ? '8' : (char)(text[digit] + 1)) + text[(digit + 1)..];
        var reencoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(altered)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var flipped = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        reencoded.ShouldNotBe(cursor);
        await ShouldBeBadRequestAsync(new { first = 10, after = reencoded, sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { first = 10, after = flipped, sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { first = 10, after = cursor[..^3], sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { first = 10, after = "not a cursor", sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { first = 10, after = string.Empty, sortKey = "ID", reverse = false });
    }

    private static string ToBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    [Fact]
    public async Task Sessions_First251_IsBadRequest()
    {
        await ShouldBeBadRequestAsync(new { first = 251, sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { last = 251, sortKey = "ID", reverse = false });
    }

    [Fact]
    public async Task Sessions_NegativeSize_IsBadRequest()
    {
        await ShouldBeBadRequestAsync(new { last = -1, sortKey = "ID", reverse = false });
        await ShouldBeBadRequestAsync(new { first = -1, sortKey = "ID", reverse = false });
    }

    [Fact]
    public async Task Sessions_NeitherFirstNorLast_IsBadRequest()
    {
        await ShouldBeBadRequestAsync(new { sortKey = "ID", reverse = false }, "you must provide one of first or last");
    }

    [Fact]
    public async Task Sessions_BothFirstAndLast_IsBadRequest()
    {
        await ShouldBeBadRequestAsync(new { first = 10, last = 10, sortKey = "ID", reverse = false });
    }
}
