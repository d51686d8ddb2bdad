using System.Text;
using System.Text.Json;
using Till.Common;
using Till.Storage;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// The last part of writing a result that has mutations sent with <c>@idempotent(key:)</c>: the
/// value of each such field in <c>data</c> is, for a replay, replaced by the bytes first sent for
/// it, and otherwise kept with its key as the answer to send again. Everything around those values
/// (other fields, errors, the cost) is this request's own.
/// </summary>
internal static class IdempotentAnswers
{
    /// <summary>The response to send: <paramref name="response"/> with the kept answers spliced in, after keeping the new ones.</summary>
    public static async Task<byte[]> SettleAsync(ITillStore store, long shopId, IReadOnlyList<(string ResponseKey, IdempotencyKey Key)> answers, byte[] response, CancellationToken cancellationToken)
    {
        foreach (var (responseKey, key) in answers)
        {
            if (ValueRange(response, responseKey) is not { } range)
            {
                continue;
            }

            if (key.ReplayedAnswer is { } kept)
            {
                response = [.. response.AsSpan(0, range.Start), .. Encoding.UTF8.GetBytes(kept), .. response.AsSpan(range.End)];
            }
            else if (range.End - range.Start != 4 || response[range.Start] != (byte)'n')
            {
                // A replay that found no kept answer (the first attempt's answer was not kept: it is
                // still being written, or its server stopped first) keeps this one, unless another
                // was kept meanwhile. A null (the field failed) is not kept: a later replay resolves again.
                await Idempotency.RememberAnswerAsync(store, shopId, key, Encoding.UTF8.GetString(response.AsSpan(range.Start, range.End - range.Start)), cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    /// <summary>Where the value of <c>data.{responseKey}</c> is in the bytes of a result, if it is there.</summary>
    private static (int Start, int End)? ValueRange(byte[] response, string responseKey)
    {
        var reader = new Utf8JsonReader(response);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (!isData)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var found = reader.ValueTextEquals(responseKey);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (found)
                {
                    return (start, (int)reader.BytesConsumed);
                }
            }

            return null;
        }

        return null;
    }
}
