using Till.Common;
using Till.Money;
using Till.Shops;
using Till.Storage;

namespace Till.CashSettings;

/// <summary>
/// Change a location's cash settings. A setting left null keeps its value; a threshold is changed
/// when its <c>...Given</c> flag is set (to null, it is cleared).
/// </summary>
public sealed record UpdateCashSettingsCommand(
    long ShopId, long? LocationId, bool? BlindCounts, bool? RevealAfterClose,
    bool AmountGiven, string? Amount, bool PercentageGiven, string? Percentage, IdempotencyKey? Idempotency = null);

/// <summary>The use case of a location's cash settings.</summary>
public sealed class CashSettingsCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>The highest percentage threshold.</summary>
    public const decimal MaxPercentage = 100m;

    /// <summary>Validates and writes the settings; answers the location.</summary>
    public Task<Outcome<Location>> UpdateAsync(UpdateCashSettingsCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, clock.UtcNowSeconds(), work => UpdateCoreAsync(work, command),
            _ => CashSettingsErrors.NotSaved.Fail<Location>(),
            cancellationToken);
    }

    private static async Task<Outcome<Location>> UpdateCoreAsync(IUnitOfWork work, UpdateCashSettingsCommand command)
    {
        var location = command.LocationId is { } id ? await work.GetLocationAsync(command.ShopId, id).ConfigureAwait(false) : null;
        if (location is null)
        {
            return CashSettingsErrors.LocationNotFound.Fail<Location>();
        }

        var current = await work.GetLocationCashSettingsAsync(command.ShopId, location.Id).ConfigureAwait(false);
        var amount = current.VarianceAmount;
        if (command.AmountGiven)
        {
            amount = null;
            if (command.Amount is { } raw)
            {
                if (Rules.Amount(raw, location.Currency, CashSettingsErrors.Amount, out var parsed) is { } error)
                {
                    return Outcome<Location>.Fail(error);
                }

                amount = parsed;
            }
        }

        var percentage = current.VariancePercentage;
        if (command.PercentageGiven)
        {
            percentage = null;
            if (command.Percentage is { } raw)
            {
                if (!MoneyAmount.TryParseDecimal(raw.Trim(), out var parsed) || parsed < 0 || parsed > MaxPercentage || parsed.Scale > 3 && decimal.Round(parsed, 3) != parsed)
                {
                    return CashSettingsErrors.InvalidPercentage.Fail<Location>();
                }

                percentage = parsed;
            }
        }

        var settings = new LocationCashSettings(command.BlindCounts ?? current.BlindCounts, command.RevealAfterClose ?? current.RevealAfterClose, amount, percentage);
        await work.SaveLocationCashSettingsAsync(command.ShopId, location.Id, settings).ConfigureAwait(false);
        return Outcome<Location>.Ok(location);
    }
}
