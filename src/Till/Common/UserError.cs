namespace Till.Common;

/// <summary>An expected failure reported to the caller: which argument, what is wrong, and the code when the API has one.</summary>
public sealed record UserError(IReadOnlyList<string>? Field, string Message, string? Code);
