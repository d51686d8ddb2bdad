using System.Buffers.Text;
using System.Security.Cryptography;
using GraphQL;
using Till.Bulk;
using Till.Server.GraphQL;
using Till.Storage;

namespace Till.Server.Bulk;

/// <summary>
/// Runs bulk operations in the background, on every node: it takes the lease of an operation that
/// is waiting (or whose node stopped renewing its lease), runs it page by page, renews the lease
/// while it runs, records each page with its progress, and ends it. A node that dies leaves its
/// lease to run out; the next node to take it resumes after the last page recorded.
/// </summary>
internal sealed partial class BulkRunner(
    ITillStore store, ApiVersions versions, IDocumentExecuter executer, IServiceProvider services, TillOptions options, TimeProvider clock,
    IBulkOperationFinished finished, ILogger<BulkRunner> log) : BackgroundService
{
    /// <summary>An operation that has run this long is stopped and FAILED with TIMEOUT (Shopify's limit).</summary>
    public static readonly TimeSpan MaxRunTime = TimeSpan.FromDays(10);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Who this node is, in the lease columns.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Asks the loop to look for work now (after an operation was created on this node).</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (now - lastSweep > SweepInterval)
                {
                    lastSweep = now;
                    await store.WriteAsync(
                        async work =>
                        {
                            var expired = await work.ExpireBulkOperationsAsync(now).ConfigureAwait(false);
                            return new Written<int>(expired, expired > 0);
                        },
                        stoppingToken).ConfigureAwait(false);
                }

                var claimed = await store.WriteAsync(
                    async work =>
                    {
                        var taken = await work.ClaimBulkOperationAsync(Owner, now, now + options.BulkLease).ConfigureAwait(false);
                        return new Written<BulkOperation?>(taken, taken is not null);
                    },
                    stoppingToken).ConfigureAwait(false);
                if (claimed is not null)
                {
                    await RunAsync(claimed, stoppingToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LoopFailed(log, e);
            }

            try
            {
                await wake.WaitAsync(options.BulkPollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunAsync(BulkOperation operation, CancellationToken stoppingToken)
    {
        if (operation.Status == BulkStatus.Canceling)
        {
            await FinishAsync(operation, BulkStatus.Canceled, null, keepFile: false, stoppingToken).ConfigureAwait(false);
            return;
        }

        if (operation.Attempts > options.BulkMaxAttempts)
        {
            await FinishAsync(operation, BulkStatus.Failed, BulkErrorCode.InternalServerError, keepFile: true, stoppingToken).ConfigureAwait(false);
            return;
        }

        if (clock.GetUtcNow() - operation.CreatedAt > MaxRunTime)
        {
            await FinishAsync(operation, BulkStatus.Failed, BulkErrorCode.Timeout, keepFile: true, stoppingToken).ConfigureAwait(false);
            return;
        }

        BulkQuery? query = null;
        if (ApiVersions.Served.Contains(operation.ApiVersion))
        {
            (query, _) = await BulkQuery.AnalyseAsync(versions[operation.ApiVersion], operation.Query, services).ConfigureAwait(false);
        }

        if (query is null)
        {
            await FinishAsync(operation, BulkStatus.Failed, BulkErrorCode.InternalServerError, keepFile: true, stoppingToken).ConfigureAwait(false);
            return;
        }

        // Chunks a node wrote after its last checkpoint, before it died, are not part of the file.
        await store.WriteAsync(async work =>
        {
            await work.DeleteBulkChunksAsync(operation.ShopId, operation.Id, operation.ChunkCount).ConfigureAwait(false);
            return new Written<bool>(true, true);
        }, stoppingToken).ConfigureAwait(false);

        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(operation, held);
        try
        {
            await ExportAsync(operation, query, held.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The lease was lost (or a cancelation seen): whoever holds the operation now ends it.
            await AfterLostAsync(operation, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OperationFailed(log, operation.Id, e);
            await FinishAsync(operation, BulkStatus.Failed, BulkErrorCode.InternalServerError, keepFile: true, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await held.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    private async Task ExportAsync(BulkOperation operation, BulkQuery query, CancellationToken cancellationToken)
    {
        using var writer = new BulkFileWriter(store, operation, Owner);
        var export = new BulkExport(executer, versions[operation.ApiVersion], query, operation, store, services, Math.Clamp(options.BulkPageSize, 1, PageRequest.MaxPageSize));
        var cursor = operation.Cursor;
        long objects = operation.ObjectCount, roots = operation.RootObjectCount;
        while (true)
        {
            var page = await export.RunPageAsync(cursor, writer, cancellationToken).ConfigureAwait(false);
            objects += page.Objects;
            roots += page.Roots;
            var next = page.ErrorCode is null ? page.NextCursor ?? cursor : cursor;
            if (!await writer.CheckpointAsync(next, objects, roots, clock.GetUtcNow() + options.BulkLease, cancellationToken).ConfigureAwait(false))
            {
                await AfterLostAsync(operation, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (page.ErrorCode is not null)
            {
                await FinishAsync(operation, BulkStatus.Failed, page.ErrorCode, keepFile: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            cursor = next;
            if (!page.HasNext)
            {
                await FinishAsync(operation, BulkStatus.Completed, null, keepFile: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (options.BulkPagePause > TimeSpan.Zero)
            {
                await Task.Delay(options.BulkPagePause, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Renews the lease at a third of its length; cancels the run when it is lost.</summary>
    private async Task HeartbeatAsync(BulkOperation operation, CancellationTokenSource held)
    {
        var every = options.BulkLease / 3;
        try
        {
            while (!held.IsCancellationRequested)
            {
                await Task.Delay(every, clock, held.Token).ConfigureAwait(false);
                var renewed = await store.WriteAsync(
                    async work =>
                    {
                        var ok = await work.RenewBulkLeaseAsync(operation.ShopId, operation.Id, Owner, clock.GetUtcNow() + options.BulkLease).ConfigureAwait(false);
                        return new Written<bool>(ok, ok);
                    },
                    held.Token).ConfigureAwait(false);
                if (!renewed)
                {
                    await held.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
        catch (Exception e)
        {
            // Leave the run to find out at its next checkpoint whether it still holds the lease.
            LoopFailed(log, e);
        }
    }

    /// <summary>The run stopped holding the operation: if it is being canceled and still ours, cancel it; otherwise leave it to its new holder.</summary>
    private async Task AfterLostAsync(BulkOperation operation, CancellationToken cancellationToken)
    {
        var now = await store.WriteAsync(async work => new Written<BulkOperation?>(await work.GetBulkOperationAsync(operation.ShopId, operation.Id).ConfigureAwait(false), false), cancellationToken).ConfigureAwait(false);
        if (now is { Status: BulkStatus.Canceling } && now.LeaseOwner == Owner)
        {
            await FinishAsync(operation, BulkStatus.Canceled, null, keepFile: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(BulkOperation operation, string status, string? errorCode, bool keepFile, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.WriteAsync(
            async work =>
            {
                var current = await work.GetBulkOperationAsync(operation.ShopId, operation.Id).ConfigureAwait(false);
                var withFile = keepFile && current is { ObjectCount: > 0 };
                var token = withFile ? NewToken() : null;
                if (!await work.FinishBulkOperationAsync(operation.ShopId, operation.Id, Owner, status, errorCode, now, token, withFile ? now + options.BulkUrlLifetime : null).ConfigureAwait(false))
                {
                    return new Written<bool>(false, false);
                }

                if (!withFile)
                {
                    await work.DeleteBulkChunksAsync(operation.ShopId, operation.Id, 0).ConfigureAwait(false);
                }

                var ended = await work.GetBulkOperationAsync(operation.ShopId, operation.Id).ConfigureAwait(false);
                await finished.OnFinishedAsync(work, ended!, cancellationToken).ConfigureAwait(false);
                return new Written<bool>(true, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unguessable part of a download URL: 256 random bits.</summary>
    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk operation runner: a step failed; it tries again")]
    private static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk operation {Id} failed")]
    private static partial void OperationFailed(ILogger logger, long id, Exception exception);
}
