namespace Till.SignIn;

/// <summary>
/// A staff member's PIN as stored: a PBKDF2 hash with its salt and iteration count (never the PIN),
/// the wrong PINs entered since the last good one, and the end of the lock they set, if any.
/// </summary>
public sealed record StaffPin(long ShopId, long StaffId, string Hash, string Salt, int Iterations, int FailedAttempts, DateTimeOffset? LockedUntil);

/// <summary>A signed-in session of the cash office app; only a hash of its cookie's secret is stored.</summary>
public sealed record StaffSession(long Id, long ShopId, long StaffId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>One recorded sign-in attempt, lock or sign-out of a staff member.</summary>
public sealed record SignInEvent(long Id, long ShopId, long StaffId, string Outcome, DateTimeOffset At);

/// <summary>The outcomes a <see cref="SignInEvent"/> records.</summary>
public static class SignInOutcomes
{
    /// <summary>The PIN was right: a session began.</summary>
    public const string SignedIn = "SIGNED_IN";

    /// <summary>The PIN was wrong.</summary>
    public const string WrongPin = "WRONG_PIN";

    /// <summary>That wrong PIN was the last one allowed: the staff member is locked out.</summary>
    public const string Locked = "LOCKED";

    /// <summary>An attempt while locked out (not checked against the PIN).</summary>
    public const string RefusedLocked = "REFUSED_LOCKED";

    /// <summary>The session was ended by signing out.</summary>
    public const string SignedOut = "SIGNED_OUT";

    /// <summary>A new PIN was set (and every session of the staff member ended).</summary>
    public const string PinSet = "PIN_SET";
}
