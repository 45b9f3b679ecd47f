using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Endpoints;

/// <summary>
/// The signed-in person (sign-in cookie) as a handler parameter, as <see cref="ApiCaller"/> is the
/// token's caller: minimal APIs bind it through <see cref="BindAsync"/>, so handlers take it instead of
/// resolving it from the request.
/// </summary>
public sealed class SignedInCaller(Caller caller)
{
    public Caller Caller { get; } = caller;

    public static async ValueTask<SignedInCaller?> BindAsync(HttpContext context) =>
        new(await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context.User, context.RequestAborted));

    // Handlers hand it straight to Core services, which take a Caller.
    public static implicit operator Caller(SignedInCaller caller) => caller.Caller;
}
