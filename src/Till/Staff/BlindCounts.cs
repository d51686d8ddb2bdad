using Till.CashSettings;
using Till.Sessions;

namespace Till.Staff;

/// <summary>
/// Who may see the expected and discrepancy figures of a location with blind counts: the one
/// place that decides it, asked by every API surface that shows such a figure.
/// </summary>
public static class BlindCounts
{
    /// <summary>
    /// Why <paramref name="viewer"/> may not see an expected or discrepancy figure at a location
    /// with <paramref name="settings"/>, or null when it may. <paramref name="viewer"/> is the role of
    /// the staff member the token acts for (null: the token acts for the shop, and sees everything).
    /// <paramref name="session"/> is the status of the session the figure belongs to; null for a
    /// figure of the drawer or the location as a whole (a drawer's balance is the expected cash of
    /// the session that opens on it next, so it stays hidden after a close too).
    /// </summary>
    public static string? HiddenBecause(StaffRole? viewer, LocationCashSettings settings, SessionStatus? session)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (viewer != StaffRole.Cashier || !settings.BlindCounts)
        {
            return null;
        }

        return session switch
        {
            SessionStatus.Open => "Blind counts are on at this location: a cashier sees no expected or discrepancy figure of an open session.",
            SessionStatus.Closed when settings.RevealAfterClose => null,
            SessionStatus.Closed => "Blind counts are on at this location and its settings do not reveal expected or discrepancy figures after the close.",
            _ => "Blind counts are on at this location: a cashier sees no drawer balance or discrepancy total there.",
        };
    }
}
