using Till.Sessions;

namespace Till.Server.GraphQL.Types;

/// <summary>A payment session seen through the legacy <c>CashTrackingSession</c> type.</summary>
internal sealed record LegacySession(PaymentSession Session);

/// <summary>An adjustment activity seen through the legacy <c>CashTrackingAdjustment</c> type.</summary>
internal sealed record LegacyAdjustment(CashActivity Activity);

/// <summary>
/// A <c>CashManagementSummary</c> with its currency, and what it covers: its location (null for the
/// shop's drawers in the currency) and its range [start, end).
/// </summary>
internal sealed record SummaryView(Till.Summaries.CashSummary Summary, string Currency, long? LocationId = null, DateTimeOffset Start = default, DateTimeOffset End = default);
