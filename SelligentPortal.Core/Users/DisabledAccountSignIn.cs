using Microsoft.AspNetCore.Identity;

namespace SelligentPortal.Core.Users;

/// <summary>Why a sign-in was refused, in the terms the sign-in page words it.</summary>
public enum SignInRefusal
{
    WrongCredentials,
    LockedOut,
    Disabled,
}

/// <summary>
/// Identity refuses a disabled account before it checks the password, and so without counting
/// failures: anyone could ask, without limit, whether an address has a disabled account. This checks
/// the password with the same lockout as any account, so only the owner, with the right password,
/// learns that the account is disabled.
/// </summary>
public sealed class DisabledAccountSignIn(UserManager<PortalUser> users)
{
    /// <summary>The refusal for a sign-in Identity did not allow (<c>SignInResult.IsNotAllowed</c>).</summary>
    public async Task<SignInRefusal> RefusalAsync(string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return SignInRefusal.WrongCredentials;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return SignInRefusal.LockedOut;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? SignInRefusal.LockedOut : SignInRefusal.WrongCredentials;
        }

        await users.ResetAccessFailedCountAsync(user);
        return SignInRefusal.Disabled;
    }
}
