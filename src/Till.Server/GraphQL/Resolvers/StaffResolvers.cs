using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.CashSettings;
using Till.Ids;
using Till.Server.GraphQL.Types;
using Till.Shops;
using Till.Staff;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The <c>till</c> version's staff roles and location cash settings (<c>StaffMember.tillRole</c>, <c>Location.tillCashSettings</c>, <c>tillLocationCashSettingsUpdate</c>).</summary>
internal static class StaffResolvers
{
    public static void Wire(Wiring w)
    {
        w.Field("StaffMember", "tillRole", c => StaffRoles.Name(((StaffMember)c.Source!).Role));

        w.FieldAsync("Location", "tillCashSettings", async c =>
        {
            var location = (Location)c.Source!;
            var settings = await Load.CashSettings(c, location.Id).ConfigureAwait(false) ?? LocationCashSettings.Default;
            return new CashSettingsView(settings, location.Currency);
        });

        const string settingsType = "TillLocationCashSettings";
        w.IsTypeOf(settingsType, o => o is CashSettingsView);
        w.Field(settingsType, "blindCounts", c => V(c).Settings.BlindCounts);
        w.Field(settingsType, "revealAfterClose", c => V(c).Settings.RevealAfterClose);
        w.Field(settingsType, "varianceThresholdAmount", c => MoneyV2.Of(V(c).Settings.VarianceAmount, V(c).Currency));
        w.Field(settingsType, "varianceThresholdPercentage", c => V(c).Settings.VariancePercentage);

        MutationResolvers.Mutation(w, "tillLocationCashSettingsUpdate", async (c, key) =>
        {
            await StaffRules.CheckNotCashierAsync(c, "changes a location's cash settings").ConfigureAwait(false);
            var settings = c.GetArgument<Dictionary<string, object?>>("settings");
            var command = new UpdateCashSettingsCommand(
                c.Till().ShopId,
                Args.Id(c, "locationId", GidTypes.Location),
                settings.TryGetValue("blindCounts", out var blind) ? blind as bool? : null,
                settings.TryGetValue("revealAfterClose", out var reveal) ? reveal as bool? : null,
                settings.ContainsKey("varianceThresholdAmount"),
                settings.GetValueOrDefault("varianceThresholdAmount") as string,
                settings.ContainsKey("varianceThresholdPercentage"),
                settings.GetValueOrDefault("varianceThresholdPercentage") as string,
                key);
            return Payload.From(await c.Till().Services.GetRequiredService<CashSettingsCommands>().UpdateAsync(command, c.CancellationToken).ConfigureAwait(false));
        });
        w.Field("TillLocationCashSettingsUpdatePayload", "location", c => ((Payload)c.Source!).Item);
        w.Field("TillLocationCashSettingsUpdatePayload", "userErrors", c => ((Payload)c.Source!).UserErrors);
        w.IsTypeOf("TillLocationCashSettingsUpdateUserError", o => o is Till.Common.UserError);
        w.Properties("TillLocationCashSettingsUpdateUserError", typeof(Till.Common.UserError));
    }

    private static CashSettingsView V(IResolveFieldContext c) => (CashSettingsView)c.Source!;

    /// <summary>A location's cash settings with the location's currency, for the amount threshold.</summary>
    private sealed record CashSettingsView(LocationCashSettings Settings, string Currency);
}
