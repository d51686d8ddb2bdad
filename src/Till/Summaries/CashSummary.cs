namespace Till.Summaries;

/// <summary>Figures of a set of drawers over a period, in one currency.</summary>
public sealed record CashSummary(decimal BalanceAtStart, decimal BalanceAtEnd, decimal NetCash, int SessionsOpened, int SessionsClosed, decimal TotalDiscrepancies);
