using Till.Server.Control;
using Till.Shops;
using Till.Storage;

namespace Till.Server.Auth;

/// <summary>
/// Reads the revocation marker (<see cref="Provisioning.RevocationMarker"/>, one row of
/// <c>settings</c>) every <see cref="Interval"/> and clears the <see cref="IdentityCache"/> when it
/// moved, so that a token revoked through another node (another Till process on the same
/// database) stops working here too. Each check that finds the marker unchanged renews the cache's
/// trust for <see cref="IdentityCache.TrustWindow"/>; together they bound how long a revoked token
/// can still be served from memory to under one second, even when a check is late or fails.
/// The same read takes the control API's key hash (<see cref="AdminKey"/>), so a rotated admin key
/// reaches this node on the same terms.
/// </summary>
internal sealed partial class RevocationWatch(ITillStore store, IdentityCache cache, AdminKey adminKey, ILogger<RevocationWatch> log) : BackgroundService
{
    /// <summary>How often the marker is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private bool checkedOnce;
    private string? seen;
    private bool failing;

    /// <summary>Reads the marker and the admin key's hash once; clears the cache if the marker moved, then renews the cache's trust.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var startedAt = Environment.TickCount64;
        string? marker;
        string? adminKeyHash;
        await using (var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            marker = await work.GetSettingAsync(Provisioning.RevocationMarker).ConfigureAwait(false);
            adminKeyHash = await work.GetSettingAsync(AdminKey.SettingName).ConfigureAwait(false);
        }

        adminKey.Confirm(adminKeyHash, startedAt);

        if (!checkedOnce || !string.Equals(marker, seen, StringComparison.Ordinal))
        {
            // Identities may have been stored before the first check; they were read before it began,
            // so they are dropped as well.
            cache.Clear();
            seen = marker;
            checkedOnce = true;
        }

        cache.Confirm(startedAt);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await CheckAsync(stoppingToken).ConfigureAwait(false);
                    failing = false;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cache stops being trusted on its own; say so once per outage.
                    if (!failing)
                    {
                        CheckFailed(log, e);
                        failing = true;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the token revocation marker; tokens are read from the database until it can be read again")]
    private static partial void CheckFailed(ILogger logger, Exception exception);
}
