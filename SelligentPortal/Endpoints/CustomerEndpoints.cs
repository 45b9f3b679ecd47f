using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Endpoints;

/// <summary><c>/api/v1/customers</c>: the customers the token's user may see.</summary>
public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("/", ListCustomers).WithName(nameof(ListCustomers));
        customers.MapPost("/", CreateCustomer).WithName(nameof(CreateCustomer));
        customers.MapGet("/{customerId:guid}", GetCustomer).WithName(nameof(GetCustomer));
        customers.MapPut("/{customerId:guid}/status", SetCustomerStatus).WithName(nameof(SetCustomerStatus));
        customers.MapPut("/{customerId:guid}/publish-approval", SetPublishApproval).WithName(nameof(SetPublishApproval));
    }

    /// <summary>A customer in API answers.</summary>
    public sealed record CustomerResponse(
        Guid Id, string Name, string Status, DateTime CreatedAt, IReadOnlyList<AssignedManager> RelationshipManagers, bool RequiresPublishApproval);

    /// <summary>The body of <c>POST /api/v1/customers</c>.</summary>
    public sealed record CreateCustomerRequest(string? Name);

    /// <summary>The body of <c>PUT /api/v1/customers/{customerId}/status</c>: <c>"active"</c> or <c>"suspended"</c>.</summary>
    public sealed record CustomerStatusRequest(CustomerStatus? Status);

    /// <summary>The body of <c>PUT /api/v1/customers/{customerId}/publish-approval</c>.</summary>
    public sealed record PublishApprovalRequest(bool? Required);

    public static async Task<Ok<List<CustomerResponse>>> ListCustomers(ApiCaller caller, CustomerService customers, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var list = await customers.ListAsync(caller, cancellationToken);
        return TypedResults.Ok(list.Select(c => c.Adapt<CustomerResponse>(mapper)).ToList());
    }

    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        Guid customerId, ApiCaller caller, CustomerService customers, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var customer = await customers.FindAsync(caller, customerId, cancellationToken);
        return customer is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No customer {customerId} is visible to you.")
            : TypedResults.Ok(customer.Adapt<CustomerResponse>(mapper));
    }

    public static async Task<Results<Created<CustomerResponse>, ProblemHttpResult>> CreateCustomer(
        CreateCustomerRequest request, ApiCaller caller, CustomerService customers, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await customers.CreateAsync(caller, request.Name, cancellationToken);
        return outcome.ToResult(customer => TypedResults.Created($"/api/v1/customers/{customer.Id}", customer.Adapt<CustomerResponse>(mapper)));
    }

    /// <summary>Admins only: a suspended customer's write keys are refused (403) until it is active again.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> SetCustomerStatus(
        Guid customerId, CustomerStatusRequest request, ApiCaller caller, CustomerService customers, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        if (request.Status is not { } status)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "Send {\"status\": \"active\"} or {\"status\": \"suspended\"}.");
        }

        var outcome = await customers.SetStatusAsync(caller, customerId, status, cancellationToken);
        return outcome.ToResult(customer => TypedResults.Ok(customer.Adapt<CustomerResponse>(mapper)));
    }

    /// <summary>Admins only: four-eyes publishing on or off for the customer.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> SetPublishApproval(
        Guid customerId, PublishApprovalRequest request, ApiCaller caller, CustomerService customers, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        if (request.Required is not { } required)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "Send {\"required\": true} or {\"required\": false}.");
        }

        var outcome = await customers.SetPublishApprovalAsync(caller, customerId, required, cancellationToken);
        return outcome.ToResult(customer => TypedResults.Ok(customer.Adapt<CustomerResponse>(mapper)));
    }
}
