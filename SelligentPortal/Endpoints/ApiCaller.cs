using SelligentPortal.Core.Tenancy;
using SelligentPortal.Hosting;

namespace SelligentPortal.Endpoints;

/// <summary>
/// The token's caller as a handler parameter: minimal APIs bind it through <see cref="BindAsync"/>, so
/// handlers take it instead of reading the request, and Core's <see cref="Caller"/> stays free of HTTP.
/// </summary>
public sealed class ApiCaller(Caller caller)
{
    public Caller Caller { get; } = caller;

    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ApiCaller?>(new ApiCaller(ApiTokenAuthenticationHandler.CallerOf(context)));

    // Handlers hand it straight to Core services, which take a Caller.
    public static implicit operator Caller(ApiCaller caller) => caller.Caller;
}
