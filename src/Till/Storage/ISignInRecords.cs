using Till.SignIn;

namespace Till.Storage;

/// <summary>
/// Staff PINs, app sessions and the record of sign-ins (see <see cref="SignIn.StaffSignIn"/>).
/// </summary>
public interface ISignInRecords
{
    /// <summary>The PINs of active staff members with this email (compared without case), in any shop.</summary>
    Task<IReadOnlyList<StaffPin>> FindStaffPinsByEmailAsync(string email);
    /// <summary>Writes a staff member's PIN whole (replacing any earlier one).</summary>
    Task SaveStaffPinAsync(StaffPin pin, DateTimeOffset now);
    /// <summary>Sets the count of wrong PINs and the lock's end.</summary>
    Task UpdateStaffPinAttemptsAsync(long shopId, long staffId, int failedAttempts, DateTimeOffset? lockedUntil);
    /// <summary>Records a sign-in attempt, lock or sign-out.</summary>
    Task AddSignInEventAsync(long shopId, long staffId, string outcome, DateTimeOffset at);
    /// <summary>A staff member's recorded sign-in events, newest first.</summary>
    Task<IReadOnlyList<SignInEvent>> ListSignInEventsAsync(long shopId, long staffId, int limit);
    /// <summary>Stores a new app session by the hash of its cookie secret; returns its ID.</summary>
    Task<long> CreateStaffSessionAsync(long shopId, long staffId, string hash, DateTimeOffset createdAt, DateTimeOffset expiresAt);
    /// <summary>The app session with this hash that has not been ended (it may have expired).</summary>
    Task<StaffSession?> FindStaffSessionAsync(string hash);
    /// <summary>Ends the app session with this hash.</summary>
    Task EndStaffSessionAsync(string hash, DateTimeOffset at);
    /// <summary>Ends every app session of a staff member.</summary>
    Task EndStaffSessionsAsync(long shopId, long staffId, DateTimeOffset at);
}
