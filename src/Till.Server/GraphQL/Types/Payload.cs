using Till.Common;

namespace Till.Server.GraphQL.Types;

/// <summary>A mutation payload: the object (null on failure), the user errors, and whether they stand for a database failure.</summary>
internal sealed record Payload(object? Item, IReadOnlyList<UserError> UserErrors, bool StorageFailed = false)
{
    public static Payload From<T>(Outcome<T> outcome) => new(outcome.Succeeded ? outcome.Value : null, outcome.Errors, outcome.StorageFailed);
}
