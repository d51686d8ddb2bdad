using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Till.Common;
using Till.Storage;

namespace Till.Server.Control;

/// <summary>What a control-API request answered, and the JSON of its body when it succeeded (kept under an idempotency key).</summary>
internal sealed record ControlAnswer(IResult Result, string? Json = null);

/// <summary>
/// The <c>Idempotency-Key</c> header of the control API, with the rules of <c>@idempotent</c>: a
/// retry of a request that succeeded answers the first answer's body unchanged and books nothing;
/// the same key with another body is <c>IDEMPOTENCY_KEY_PARAMETER_MISMATCH</c>; a request that
/// failed keeps nothing, so a retry runs again. Keys are per shop and per kind of request, compared
/// exactly, and never meet the Admin API's keys.
/// </summary>
internal static class ControlIdempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The request's key, or null when it sends none; false (with the answer in <paramref name="refusal"/>)
    /// for a blank key, one longer than 255 characters, or more than one.
    /// </summary>
    public static bool TryKeyOf(HttpRequest request, string kind, JsonElement body, out IdempotencyKey? key, out IResult? refusal)
    {
        key = null;
        refusal = null;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return true;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]) || values[0]!.Length > 255)
        {
            refusal = ControlApi.Error(400, "BAD_REQUEST", "The Idempotency-Key header must be one non-blank value of at most 255 characters.", Header);
            return false;
        }

        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + Canonical(body))));
        key = new IdempotencyKey("control:" + kind, values[0]!, fingerprint);
        return true;
    }

    /// <summary>Runs a keyed request: a replay answers the kept body, a fresh success keeps its body.</summary>
    public static async Task<IResult> RunAsync(ITillStore store, long shopId, IdempotencyKey key, Func<Task<ControlAnswer>> run, CancellationToken cancellationToken)
    {
        ControlAnswer answer;
        try
        {
            answer = await run().ConfigureAwait(false);
        }
        catch (IdempotencyConflictException e)
        {
            return ControlApi.Error(422, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", e.Message, Header);
        }

        if (key.ReplayedAnswer is { } kept)
        {
            return Created(kept);
        }

        if (answer.Json is { } json)
        {
            // Kept after the booking's own transaction; a retry in between answers from the stored
            // transaction, with the same body, and keeps it if this one could not.
            await Idempotency.RememberAnswerAsync(store, shopId, key, json, cancellationToken).ConfigureAwait(false);
        }

        return answer.Result;
    }

    /// <summary>An HTTP 201 with this JSON body, sent as it is.</summary>
    public static IResult Created(string json) => Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status201Created);

    /// <summary>
    /// The body as compact JSON with every object's properties in ordinal order, so a retry that
    /// spaces or orders its body otherwise is still the same request.
    /// </summary>
    private static string Canonical(JsonElement body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, body);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
