using Till.Ids;

namespace Till.ReasonCodes;

/// <summary>
/// The one map between a reason code's kind and the type its global ID (and GraphQL object) names.
/// </summary>
public static class ReasonCodeTypes
{
    /// <summary>Every kind with its type name, in the schema's order.</summary>
    public static readonly IReadOnlyList<(ReasonCodeKind Kind, string Type)> All =
    [
        (ReasonCodeKind.Custom, GidTypes.CustomReasonCode),
        (ReasonCodeKind.Default, GidTypes.DefaultReasonCode),
        (ReasonCodeKind.System, GidTypes.SystemReasonCode),
    ];

    /// <summary>The type name of a kind's codes.</summary>
    public static string TypeOf(ReasonCodeKind kind) => All.First(k => k.Kind == kind).Type;

    /// <summary>The kind a type name stands for, or null when it names no reason code type.</summary>
    public static ReasonCodeKind? KindOf(string type)
    {
        foreach (var (kind, name) in All)
        {
            if (string.Equals(name, type, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }
}
