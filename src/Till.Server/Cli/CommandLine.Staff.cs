using System.Globalization;
using Till.Ids;
using Till.SignIn;

namespace Till.Server.Cli;

/// <summary>`till staff pin`: sets a staff member's cash office PIN, as the control API's <c>PUT .../pin</c> does.</summary>
public static partial class CommandLine
{
    private const string StaffPinUsage = "staff pin --shop SHOP_ID --staff STAFF_ID [--pin PIN] [--database DB]";

    private static async Task<int> StaffPinAsync(Dictionary<string, string?> options, TextReader input, TextWriter output)
    {
        var shopId = IdOf(Require(options, "--shop"), GidTypes.Shop, "--shop must be a shop ID such as gid://shopify/Shop/1");
        var staffId = IdOf(Require(options, "--staff"), GidTypes.StaffMember, "--staff must be a staff member ID such as gid://shopify/StaffMember/1");

        // Without --pin the PIN is read from the first line of standard input, so it need not
        // appear in the shell's history or the process list.
        var pin = options.GetValueOrDefault("--pin") ?? (await input.ReadLineAsync().ConfigureAwait(false))?.Trim();

        using var store = await OpenAsync(options).ConfigureAwait(false);
        var outcome = await new StaffSignIn(store.Store, TimeProvider.System).SetPinAsync(shopId, staffId, pin).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            throw outcome.Errors[0].Code == "INVALID"
                ? new UsageException("the PIN must be 4 to 8 digits (--pin, or the first line of standard input)")
                : new FailureException($"no active staff member {GlobalId.Format(GidTypes.StaffMember, staffId)} in shop {GlobalId.Format(GidTypes.Shop, shopId)}");
        }

        await output.WriteLineAsync($"PIN set for {GlobalId.Format(GidTypes.StaffMember, staffId)}; their app sessions were ended.").ConfigureAwait(false);
        return 0;
    }

    private static long IdOf(string text, string type, string problem) =>
        GlobalId.ParseOf(text, type)
        ?? (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException(problem));
}
