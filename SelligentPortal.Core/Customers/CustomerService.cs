using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Core.Customers;

/// <summary>Creating, renaming and staffing customers, within the caller's scope.</summary>
public sealed class CustomerService(PortalDbFactory dbFactory, IClusterNotices notices, TimeProvider clock)
{
    public async Task<IReadOnlyList<CustomerSummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var managers = await ManagersByCustomerAsync(db, cancellationToken);
        return customers.Select(c => Summarise(c, managers)).ToList();
    }

    public async Task<CustomerSummary?> FindAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var managers = await ManagersByCustomerAsync(db, cancellationToken, customerId);
        return Summarise(customer, managers);
    }

    /// <summary>Admins and Relationship Managers create customers; an RM is assigned to what they create.</summary>
    public async Task<Outcome<CustomerSummary>> CreateAsync(Caller caller, string? name, CancellationToken cancellationToken = default)
    {
        if (!caller.IsStaff)
        {
            return Outcome<CustomerSummary>.Forbidden("Only Admins and Relationship Managers create customers.");
        }

        var problems = ValidateName(name);
        if (problems.Count > 0)
        {
            return Outcome<CustomerSummary>.Invalid(problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var customer = new Customer { Name = name!.Trim(), CreatedAtUtc = now };
        if (caller.IsRelationshipManager)
        {
            customer.RelationshipManagers.Add(new RelationshipManagerAssignment { UserId = caller.UserId!, AssignedAtUtc = now });
        }

        // The new customer is outside the caller's current scope, so it is written unrestricted.
        await using var db = dbFactory.CreateUnrestricted();
        db.Customers.Add(customer);
        // Every new customer starts from the seed example (docs/product.md section 3).
        db.ConfigurationDrafts.Add(ConfigurationService.SeedDraft(customer.Id, caller.Name, now));
        AuditLog.Record(db, caller.Actor, clock, "customer.created", customer.Name, customer.Id, after: new { customer.Name });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CustomerSummary>.Ok((await FindAsync(caller with { Scope = TenantScope.For([customer.Id]) }, customer.Id, cancellationToken))!);
    }

    public async Task<Outcome<CustomerSummary>> RenameAsync(Caller caller, Guid customerId, string? name, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return Outcome<CustomerSummary>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<CustomerSummary>.Forbidden("Only Admins and Relationship Managers rename customers.");
        }

        var problems = ValidateName(name);
        if (problems.Count > 0)
        {
            return Outcome<CustomerSummary>.Invalid(problems);
        }

        var before = customer.Name;
        customer.Name = name!.Trim();
        AuditLog.Record(db, caller.Actor, clock, "customer.renamed", customer.Name, customer.Id, new { Name = before }, new { customer.Name });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CustomerSummary>.Ok((await FindAsync(caller, customerId, cancellationToken))!);
    }

    /// <summary>Admins only: replaces the set of Relationship Managers serving a customer.</summary>
    public async Task<Outcome<CustomerSummary>> AssignManagersAsync(
        Caller caller, Guid customerId, IReadOnlyCollection<string> managerUserIds, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var customer = await db.Customers.Include(c => c.RelationshipManagers)
            .SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return Outcome<CustomerSummary>.NotFound();
        }

        if (!caller.IsAdmin)
        {
            return Outcome<CustomerSummary>.Forbidden("Only Admins assign Relationship Managers.");
        }

        var wanted = managerUserIds.Distinct().ToList();
        var managers = await UsersInRoleAsync(db, PortalRoles.RelationshipManager, cancellationToken);
        var unknown = wanted.Where(id => !managers.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return Outcome<CustomerSummary>.Invalid(unknown.Select(id => $"User '{id}' is not a Relationship Manager.").ToArray());
        }

        var before = customer.RelationshipManagers.Select(a => managers.GetValueOrDefault(a.UserId, a.UserId)).Order().ToList();
        customer.RelationshipManagers.RemoveAll(a => !wanted.Contains(a.UserId));
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var userId in wanted.Where(id => customer.RelationshipManagers.All(a => a.UserId != id)))
        {
            customer.RelationshipManagers.Add(new RelationshipManagerAssignment { CustomerId = customerId, UserId = userId, AssignedAtUtc = now });
        }

        var after = wanted.Select(id => managers[id]).Order().ToList();
        AuditLog.Record(db, caller.Actor, clock, "customer.managers-assigned", customer.Name, customerId,
            new { RelationshipManagers = before }, new { RelationshipManagers = after });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<CustomerSummary>.Ok((await FindAsync(caller, customerId, cancellationToken))!);
    }

    /// <summary>
    /// Admins only: suspends or reactivates a customer. Suspended, every write key of its sources is
    /// refused (403) from the next request on; records, events, configuration and keys stay as they are.
    /// </summary>
    public async Task<Outcome<CustomerSummary>> SetStatusAsync(Caller caller, Guid customerId, CustomerStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (customer, denied) = await AdminsOnlyAsync(db, caller, customerId, "Only Admins suspend or reactivate customers.", cancellationToken);
        if (customer is null)
        {
            return denied!;
        }

        if (!Enum.IsDefined(status))
        {
            return Outcome<CustomerSummary>.Invalid("A customer's status is 'active' or 'suspended'.");
        }

        if (customer.Status != status)
        {
            var before = customer.Status;
            customer.Status = status;
            AuditLog.Record(db, caller.Actor, clock, status == CustomerStatus.Suspended ? "customer.suspended" : "customer.reactivated",
                customer.Name, customer.Id, new { Status = before }, new { customer.Status });
            // Read before the commit: once it is committed, nothing may stop the cached keys from going.
            var prefixes = await db.WriteKeys.Where(k => k.CustomerId == customerId).Select(k => k.Prefix).ToListAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await notices.PublishAsync(NoticeTopic.WriteKeys, NoticePayload.Join(prefixes), CancellationToken.None);
        }

        return Outcome<CustomerSummary>.Ok((await FindAsync(caller, customerId, cancellationToken))!);
    }

    /// <summary>
    /// Admins only: four-eyes publishing. Required, a draft goes live only when a second person approves
    /// a publish request (or an Admin publishes urgently); pending requests stay as they are either way.
    /// </summary>
    public async Task<Outcome<CustomerSummary>> SetPublishApprovalAsync(Caller caller, Guid customerId, bool required, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (customer, denied) = await AdminsOnlyAsync(db, caller, customerId, "Only Admins decide whether a customer's publishes need approval.", cancellationToken);
        if (customer is null)
        {
            return denied!;
        }

        if (customer.RequiresPublishApproval != required)
        {
            customer.RequiresPublishApproval = required;
            AuditLog.Record(db, caller.Actor, clock, required ? "customer.publish-approval-required" : "customer.publish-approval-not-required",
                customer.Name, customer.Id, new { RequiresPublishApproval = !required }, new { RequiresPublishApproval = required });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<CustomerSummary>.Ok((await FindAsync(caller, customerId, cancellationToken))!);
    }

    /// <summary>The customer, tracked, for an Admin; otherwise the answer (404 when not visible, else 403 with the reason).</summary>
    private static async Task<(Customer? Customer, Outcome<CustomerSummary>? Denied)> AdminsOnlyAsync(
        PortalDbContext db, Caller caller, Guid customerId, string forbidden, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        return customer is null ? (null, Outcome<CustomerSummary>.NotFound())
            : caller.IsAdmin ? (customer, null)
            : (null, Outcome<CustomerSummary>.Forbidden(forbidden));
    }

    private static List<string> ValidateName(string? name)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("A customer needs a name.");
        }
        else if (name.Trim().Length > Customer.NameMaxLength)
        {
            problems.Add($"A customer name has at most {Customer.NameMaxLength} characters.");
        }

        return problems;
    }

    private static CustomerSummary Summarise(Customer customer, ILookup<Guid, AssignedManager> managers) =>
        new(customer.Id, customer.Name, customer.Status, customer.CreatedAtUtc, managers[customer.Id].OrderBy(m => m.Name).ToList(),
            customer.RequiresPublishApproval);

    private static async Task<ILookup<Guid, AssignedManager>> ManagersByCustomerAsync(
        PortalDbContext db, CancellationToken cancellationToken, Guid? onlyCustomer = null)
    {
        // The assignments are filtered by the same scope as the customers they belong to.
        var query = from assignment in db.RelationshipManagerAssignments.AsNoTracking()
                    join user in db.Users.AsNoTracking() on assignment.UserId equals user.Id
                    select new { assignment.CustomerId, user.Id, user.DisplayName, user.Email };
        if (onlyCustomer is { } id)
        {
            query = query.Where(a => a.CustomerId == id);
        }

        var rows = await query.ToListAsync(cancellationToken);
        return rows.ToLookup(r => r.CustomerId, r => new AssignedManager(r.Id, r.DisplayName ?? r.Email ?? r.Id));
    }

    private static async Task<Dictionary<string, string>> UsersInRoleAsync(PortalDbContext db, string role, CancellationToken cancellationToken)
    {
        var rows = await (
            from user in db.Users.AsNoTracking()
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join r in db.Roles on userRole.RoleId equals r.Id
            where r.Name == role && !user.IsDisabled
            select new { user.Id, user.DisplayName, user.Email }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.DisplayName ?? r.Email ?? r.Id);
    }
}
