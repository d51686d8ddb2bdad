using GraphQL;
using Till.Staff;
using Till.Storage;

namespace Till.Server.GraphQL;

/// <summary>
/// What one Admin API request carries through execution: the shop and scopes of its token, the
/// staff member it acts for, and a lazily opened read unit of work shared by the resolvers
/// (access to it is serialised).
/// </summary>
internal sealed class TillRequest(IServiceProvider services, ITillStore store, long shopId, IReadOnlySet<string> scopes, string requestId, string version, long? actingStaffId = null)
    : Dictionary<string, object?>, IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<(string Kind, long Id), object?> cache = [];
    private IUnitOfWork? reads;

    public IServiceProvider Services { get; } = services;

    public long ShopId { get; } = shopId;

    public IReadOnlySet<string> Scopes { get; } = scopes;

    public string RequestId { get; } = requestId;

    public string Version { get; } = version;

    /// <summary>
    /// The idempotency keys of the mutations that succeeded or replayed in this request, by the
    /// response key of their field: the response sends a kept answer again, or keeps the one it sends.
    /// </summary>
    public List<(string ResponseKey, Till.Common.IdempotencyKey Key)> IdempotentAnswers { get; } = [];

    /// <summary>The staff member the token acts for; null for a token that acts for the shop.</summary>
    public long? ActingStaffId { get; } = actingStaffId;

    /// <summary>
    /// The role of the staff member the token acts for, read once per request (so a role changed
    /// through the control API applies from the next request); null for a token of the shop.
    /// </summary>
    public async Task<StaffRole?> ActingRoleAsync()
    {
        if (ActingStaffId is not { } id)
        {
            return null;
        }

        var staff = await LoadAsync("staff", id, u => u.GetStaffAsync(ShopId, id)).ConfigureAwait(false);
        return staff?.Role ?? StaffRole.Cashier;
    }
    /// <summary>The token (the app) the request came with: webhook subscriptions belong to it.</summary>
    public long TokenId { get; init; }

    /// <summary>Search warnings to report in <c>extensions.search</c>.</summary>
    public List<object> SearchWarnings { get; } = [];

    public bool HasScope(string scope) =>
        Scopes.Contains(scope) || (scope.StartsWith("read_", StringComparison.Ordinal) && Scopes.Contains("write_" + scope["read_".Length..]));

    /// <summary>Runs a read against the request's snapshot.</summary>
    public async Task<T> ReadAsync<T>(Func<ITillReads, Task<T>> read)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            reads ??= await store.BeginAsync(write: false).ConfigureAwait(false);
            return await read(reads).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Loads one object by kind and ID once per request.</summary>
    public async Task<T?> LoadAsync<T>(string kind, long id, Func<ITillReads, Task<T?>> read)
        where T : class
    {
        lock (cache)
        {
            if (cache.TryGetValue((kind, id), out var hit))
            {
                return (T?)hit;
            }
        }

        var value = await ReadAsync(read).ConfigureAwait(false);
        lock (cache)
        {
            cache[(kind, id)] = value;
        }

        return value;
    }

    /// <summary>After a mutation, later reads must see its writes: drop the snapshot and the cache.</summary>
    public async Task AfterWriteAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (reads is not null)
            {
                await reads.DisposeAsync().ConfigureAwait(false);
                reads = null;
            }

            lock (cache)
            {
                cache.Clear();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (reads is not null)
        {
            await reads.DisposeAsync().ConfigureAwait(false);
        }

        gate.Dispose();
    }
}

/// <summary>Shortcuts from a resolver context to the request.</summary>
internal static class ResolveFieldContextExtensions
{
    public static TillRequest Till(this IResolveFieldContext context) => (TillRequest)context.UserContext;
}
