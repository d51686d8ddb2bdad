using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQLParser.AST;
using GraphQLParser.Visitors;
using Microsoft.Extensions.DependencyInjection;
using Till.Bulk;
using Till.Common;
using Till.Drawers;
using Till.Ids;
using Till.Money;
using Till.ReasonCodes;
using Till.Server.Bulk;
using Till.Server.GraphQL.Types;
using Till.Server.Observability;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Root mutation fields: each turns its arguments into one use-case call and maps the outcome to its payload.</summary>
internal static class MutationResolvers
{
    private const string Type = "Mutation";

    public static void Wire(Wiring w)
    {
        Mutation(w, "pointOfSaleDevicePaymentSessionOpen", async (c, key) => Payload.From(await Ledger(c).OpenAsync(new OpenSessionCommand(
            c.Till().ShopId, Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), Args.Money(c, "balance"), Args.Id(c, "staffMemberId", GidTypes.StaffMember),
            Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), Args.Text(c, "note"), key, DenominationResolvers.Given(c)), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDevicePaymentSessionCount", async (c, key) => Payload.From(await Ledger(c).CountAsync(CountCommand(c, key), c.CancellationToken).ConfigureAwait(false)));
        Mutation(w, "pointOfSaleDevicePaymentSessionClose", async (c, key) => Payload.From(await Ledger(c).CloseAsync(CountCommand(c, key), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDevicePaymentSessionAdjust", async (c, key) => Payload.From(await Ledger(c).AdjustAsync(new AdjustSessionCommand(
            c.Till().ShopId, Args.Id(c, "pointOfSaleDevicePaymentSessionId", GidTypes.PaymentSession), Args.Money(c, "cash")!, Args.Id(c, "staffMemberId", GidTypes.StaffMember),
            Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), Args.Text(c, "note"), key), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashDrawerCreate", async (c, key) => Payload.From(await Drawers(c).CreateAsync(
            c.Till().ShopId, Args.Id(c, "locationId", GidTypes.Location), (Args.Text(c, "name") ?? string.Empty), key, c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDeviceAssignToCashDrawer", async (c, key) => Payload.From(await Drawers(c).AssignAsync(
            c.Till().ShopId, Args.Id(c, "cashDrawerId", GidTypes.CashDrawer), Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), key, c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashDrawerUpdate", async (c, key) =>
        {
            var input = c.GetArgument<Dictionary<string, object?>>("input");
            var name = input.TryGetValue("name", out var n) ? n as string ?? string.Empty : string.Empty;
            return Payload.From(await Drawers(c).RenameAsync(c.Till().ShopId, Args.Id(c, "id", GidTypes.CashDrawer), name, key, c.CancellationToken).ConfigureAwait(false));
        });

        Mutation(w, "cashDrawerFindOrCreate", async (c, key) => Payload.From(await Drawers(c).FindOrCreateAsync(
            c.Till().ShopId, Args.Id(c, "locationId", GidTypes.Location), (Args.Text(c, "name") ?? string.Empty), Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), key, c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashManagementReasonCodeCreate", async (c, key) => Payload.From(await Codes(c).CreateAsync(
            c.Till().ShopId, (Args.Text(c, "code") ?? string.Empty), key, c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashManagementReasonCodeDelete", async (c, key) =>
        {
            var outcome = await Codes(c).DeleteAsync(c.Till().ShopId, Args.ReasonCode(c, "id"), key, c.CancellationToken).ConfigureAwait(false);
            return new Payload(outcome.Succeeded ? Args.Text(c, "id") : null, outcome.Errors);
        });

        WireBulk(w);
    }

    /// <summary>The bulk operation mutations, which take no idempotency key of their own.</summary>
    private static void WireBulk(Wiring w)
    {
        Mutation(w, "bulkOperationRunQuery", async (c, _) =>
        {
            var till = c.Till();
            var text = Args.Text(c, "query") ?? string.Empty;
            var (query, problem) = await BulkQuery.AnalyseAsync(c.Schema, text, till.Services).ConfigureAwait(false);
            if (query is null)
            {
                return Payload.From(BulkErrors.RunQuery.Invalid.Fail<BulkOperation>(problem));
            }

            var outcome = await till.Services.GetRequiredService<BulkCommands>().StartAsync(
                till.ShopId, text, c.GetArgument<bool>("groupObjects"), till.Version, [.. till.Scopes], c.CancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                till.Services.GetRequiredService<BulkRunner>().Wake();
            }

            return Payload.From(outcome);
        });

        Mutation(w, "bulkOperationCancel", async (c, _) => Payload.From(await c.Till().Services.GetRequiredService<BulkCommands>().CancelAsync(
            c.Till().ShopId, Args.Id(c, "id", GidTypes.BulkOperation), c.CancellationToken).ConfigureAwait(false)));
    }

    private static CountSessionCommand CountCommand(IResolveFieldContext c, IdempotencyKey? key) => new(
        c.Till().ShopId, Args.Id(c, "pointOfSaleDevicePaymentSessionId", GidTypes.PaymentSession), Args.Money(c, "balance") ?? new MoneyInput(string.Empty, string.Empty),
        Args.Id(c, "staffMemberId", GidTypes.StaffMember), Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), Args.Text(c, "note"), key, DenominationResolvers.Given(c));

    private static SessionLedger Ledger(IResolveFieldContext c) => c.Till().Services.GetRequiredService<SessionLedger>();

    private static DrawerCommands Drawers(IResolveFieldContext c) => c.Till().Services.GetRequiredService<DrawerCommands>();

    private static ReasonCodeCommands Codes(IResolveFieldContext c) => c.Till().Services.GetRequiredService<ReasonCodeCommands>();

    /// <summary>Runs a mutation (honouring @idempotent, and refusing a staff member other than the one its token acts for), then lets later reads in the request see what it wrote.</summary>
    internal static void Mutation(Wiring w, string field, Func<IResolveFieldContext, IdempotencyKey?, Task<Payload>> run) =>
        w.FieldAsync(Type, field, async c =>
        {
            var telemetry = c.Till().Services.GetRequiredService<TillTelemetry>();
            Payload payload;
            try
            {
                StaffRules.CheckRecordsActingStaff(c);
                var key = IdempotencyKeyOf(c);
                try
                {
                    payload = await run(c, key).ConfigureAwait(false);
                }
                catch (IdempotencyConflictException e)
                {
                    throw new ShopifyError(e.Message, new Dictionary<string, object?> { ["code"] = "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" });
                }

                if (key is not null && payload.UserErrors.Count == 0)
                {
                    // The answer is written out after the whole field has resolved: the request sends the
                    // kept one for a replay, and keeps the one it sends otherwise.
                    c.Till().IdempotentAnswers.Add(((c.FieldAst.Alias?.Name ?? c.FieldAst.Name).StringValue, key));
                }

                await c.Till().AfterWriteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // An error the client caused (a bad argument, a reused key, another staff member) is a user error; anything else is internal.
                telemetry.Mutation(field, e is ExecutionError ? TillTelemetry.UserError : TillTelemetry.InternalError);
                throw;
            }

            telemetry.Mutation(field, payload.StorageFailed ? TillTelemetry.InternalError : payload.UserErrors.Count > 0 ? TillTelemetry.UserError : TillTelemetry.Success);
            return payload;
        });

    /// <summary>
    /// The key of an <c>@idempotent(key:)</c> directive on the field, with a fingerprint of the
    /// field, its arguments and its selection (a replay sends the first answer's bytes, so it must
    /// ask for the same fields).
    /// </summary>
    private static IdempotencyKey? IdempotencyKeyOf(IResolveFieldContext c)
    {
        var directive = c.FieldAst.Directives?.FirstOrDefault(d => d.Name.StringValue == "idempotent");
        if (directive is null)
        {
            return null;
        }

        var value = directive.Arguments?.FirstOrDefault(a => a.Name.StringValue == "key")?.Value;
        var key = value switch
        {
            GraphQLStringValue s => (string)s.Value,
            GraphQLVariable v when c.Variables?.ValueFor(v.Name.StringValue, out var variable) == true => variable.Value as string,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(key) || key.Length > 255)
        {
            throw new ShopifyError("The idempotency key must be a non-blank string of at most 255 characters.", new Dictionary<string, object?> { ["code"] = "BAD_REQUEST" });
        }

        var arguments = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (c.Arguments is { } given)
        {
            foreach (var pair in given)
            {
                arguments[pair.Key] = Canonical(pair.Value.Value);
            }
        }

        var text = c.FieldDefinition.Name + ":" + JsonSerializer.Serialize(arguments) + "\n" + Selection(c);
        return new IdempotencyKey("graphql", key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>The field's selection as text, with every fragment the document defines (they may be spread in it).</summary>
    private static string Selection(IResolveFieldContext c)
    {
        var printer = new SDLPrinter();
        var text = new StringBuilder(c.FieldAst.SelectionSet is { } selection ? printer.Print(selection) : string.Empty);
        foreach (var fragment in c.Document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            text.Append('\n').Append(printer.Print(fragment));
        }

        return text.ToString();
    }

    private static object? Canonical(object? value) => value switch
    {
        IDictionary<string, object?> map => new SortedDictionary<string, object?>(map.ToDictionary(p => p.Key, p => Canonical(p.Value)), StringComparer.Ordinal),
        DateTimeOffset time => time.UtcTicks,
        string or null => value,
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Canonical).ToList(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
