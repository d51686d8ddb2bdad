using System.Security.Cryptography;
using System.Text;
using Till.Common;
using Till.Shops;
using Till.Storage;

namespace Till.SignIn;

/// <summary>
/// Staff PINs and the sessions of the cash office app: setting a PIN (hashed with PBKDF2-SHA256),
/// signing in with an email and PIN, the lockout after <see cref="MaxWrongPins"/> wrong PINs,
/// finding the session a cookie names, and signing out. Every attempt is recorded.
/// </summary>
public sealed class StaffSignIn(ITillStore store, TimeProvider clock)
{
    /// <summary>Wrong PINs in a row that lock a staff member out.</summary>
    public const int MaxWrongPins = 5;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts from sign-in (it does not slide).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>PBKDF2-SHA256 iterations for a new PIN hash.</summary>
    public const int Iterations = 210_000;

    /// <summary>The PIN is not 4 to 8 digits.</summary>
    public static readonly UserErrorKind PinInvalid = new("INVALID", ["pin"], "pin must be 4 to 8 digits.");

    /// <summary>The shop has no such staff member, or they are not active.</summary>
    public static readonly UserErrorKind StaffNotFound = new("NOT_FOUND", ["id"], "Staff member not found.");

    /// <summary>The email and PIN do not match an active staff member with a PIN.</summary>
    public static readonly UserErrorKind WrongCredentials = new("INVALID_CREDENTIALS", ["pin"], "The email or PIN is not right.");

    /// <summary>Too many wrong PINs: signing in is refused until the lock ends.</summary>
    public static readonly UserErrorKind LockedOut = new("LOCKED", ["pin"], "Too many wrong PINs: this staff member is locked out until {0:u}.");

    /// <summary>The email belongs to staff members with PINs in more than one shop.</summary>
    public static readonly UserErrorKind ShopRequired = new("SHOP_REQUIRED", ["shop"], "This email signs in to more than one shop: give the shop's ID.");

    /// <summary>Sets (or replaces) a staff member's PIN; ends every session they had and clears any lock.</summary>
    public async Task<Outcome<bool>> SetPinAsync(long shopId, long staffId, string? pin, CancellationToken cancellationToken = default)
    {
        if (pin is null || pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit))
        {
            return PinInvalid.Fail<bool>();
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(pin, salt, Iterations);
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetStaffAsync(shopId, staffId).ConfigureAwait(false) is not { Active: true })
        {
            return StaffNotFound.Fail<bool>();
        }

        var now = clock.GetUtcNow();
        await work.SaveStaffPinAsync(new StaffPin(shopId, staffId, Convert.ToBase64String(hash), Convert.ToBase64String(salt), Iterations, 0, null), now).ConfigureAwait(false);
        await work.EndStaffSessionsAsync(shopId, staffId, now).ConfigureAwait(false);
        await work.AddSignInEventAsync(shopId, staffId, SignInOutcomes.PinSet, now).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Signs a staff member in by email (any case) and PIN. On success, the cookie secret (shown
    /// once; only its hash is stored) and the session. A wrong PIN counts towards the lockout.
    /// </summary>
    public async Task<Outcome<(string Secret, StaffSession Session, StaffMember Staff)>> SignInAsync(string? email, string? pin, long? shopId, CancellationToken cancellationToken = default)
    {
        email = email?.Trim() ?? string.Empty;
        pin ??= string.Empty;
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var candidates = email.Length is 0 or > 255 ? [] : await work.FindStaffPinsByEmailAsync(email).ConfigureAwait(false);
        if (shopId is { } s)
        {
            candidates = candidates.Where(c => c.ShopId == s).ToList();
        }

        if (candidates.Count > 1)
        {
            return ShopRequired.Fail<(string, StaffSession, StaffMember)>();
        }

        if (candidates.Count == 0)
        {
            // The same work as a real check, so the answer's timing does not tell which emails exist.
            Derive(pin, new byte[16], Iterations);
            return WrongCredentials.Fail<(string, StaffSession, StaffMember)>();
        }

        var stored = candidates[0];
        var now = clock.GetUtcNow();
        if (stored.LockedUntil is { } until && until > now)
        {
            await work.AddSignInEventAsync(stored.ShopId, stored.StaffId, SignInOutcomes.RefusedLocked, now).ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
            return LockedOut.Fail<(string, StaffSession, StaffMember)>(until.UtcDateTime);
        }

        var failed = stored.LockedUntil is null ? stored.FailedAttempts : 0;
        var expected = Convert.FromBase64String(stored.Hash);
        var actual = Derive(pin, Convert.FromBase64String(stored.Salt), stored.Iterations);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            failed++;
            var lockUntil = failed >= MaxWrongPins ? now + LockDuration : (DateTimeOffset?)null;
            await work.UpdateStaffPinAttemptsAsync(stored.ShopId, stored.StaffId, lockUntil is null ? failed : 0, lockUntil).ConfigureAwait(false);
            await work.AddSignInEventAsync(stored.ShopId, stored.StaffId, lockUntil is null ? SignInOutcomes.WrongPin : SignInOutcomes.Locked, now).ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
            return lockUntil is { } l
                ? LockedOut.Fail<(string, StaffSession, StaffMember)>(l.UtcDateTime)
                : WrongCredentials.Fail<(string, StaffSession, StaffMember)>();
        }

        var staff = (await work.GetStaffAsync(stored.ShopId, stored.StaffId).ConfigureAwait(false))!;
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var expires = now + SessionLifetime;
        var id = await work.CreateStaffSessionAsync(stored.ShopId, stored.StaffId, Provisioning.Hash(secret), now, expires).ConfigureAwait(false);
        await work.UpdateStaffPinAttemptsAsync(stored.ShopId, stored.StaffId, 0, null).ConfigureAwait(false);
        await work.AddSignInEventAsync(stored.ShopId, stored.StaffId, SignInOutcomes.SignedIn, now).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<(string, StaffSession, StaffMember)>.Ok((secret, new StaffSession(id, stored.ShopId, stored.StaffId, now, expires), staff));
    }

    /// <summary>The live session a cookie secret names, with its staff member (null when unknown, ended, expired, or the staff member is no longer active).</summary>
    public async Task<(StaffSession Session, StaffMember Staff)?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (secret.Length != 64)
        {
            return null;
        }

        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        if (await work.FindStaffSessionAsync(Provisioning.Hash(secret)).ConfigureAwait(false) is not { } session || session.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        return await work.GetStaffAsync(session.ShopId, session.StaffId).ConfigureAwait(false) is { Active: true } staff ? (session, staff) : null;
    }

    /// <summary>Ends the session a cookie secret names; false when there was no live one.</summary>
    public async Task<bool> SignOutAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var hash = Provisioning.Hash(secret);
        if (await work.FindStaffSessionAsync(hash).ConfigureAwait(false) is not { } session)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await work.EndStaffSessionAsync(hash, now).ConfigureAwait(false);
        await work.AddSignInEventAsync(session.ShopId, session.StaffId, SignInOutcomes.SignedOut, now).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A staff member's recorded sign-ins, locks and sign-outs, newest first (at most 100).</summary>
    public async Task<IReadOnlyList<SignInEvent>> HistoryAsync(long shopId, long staffId, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        return await work.ListSignInEventsAsync(shopId, staffId, 100).ConfigureAwait(false);
    }

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, 32);
}
