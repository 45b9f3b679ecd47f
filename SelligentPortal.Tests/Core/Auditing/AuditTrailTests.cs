using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Auditing;

/// <summary>
/// PRODUCT.md section 6: the audit log keeps every configuration and user change with who, when,
/// before and after. Each change here is made at its own (fake) time, so every line's time is its own.
/// </summary>
public class AuditTrailTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalFactory _factory = default!;
    private PortalUser _admin = default!;
    private PortalUser _rm = default!;
    private Guid _acme;

    public async ValueTask InitializeAsync()
    {
        _factory = new PortalFactory().WithClock(_clock);
        _admin = await _factory.CreateAdminAsync();
        _acme = (await _factory.CreateCustomerAsync("Acme")).Id;
        _rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _acme);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <summary>Moves the clock on a minute and returns the new time: the time the next change is made.</summary>
    private DateTime NextMinute()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        return _clock.GetUtcNow().UtcDateTime;
    }

    private async Task<AuditEntry> LastAsync(string action)
    {
        await using var db = Service<PortalDbFactory>().CreateUnrestricted();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).LastAsync();
    }

    private static JsonElement Json(string? json)
    {
        Assert.NotNull(json);
        return JsonDocument.Parse(json).RootElement;
    }

    private static void AssertWhoAndWhen(AuditEntry entry, PortalUser who, DateTime when)
    {
        Assert.Equal(who.Id, entry.ActorUserId);
        Assert.Equal(when, DateTime.SpecifyKind(entry.AtUtc, DateTimeKind.Utc));
    }

    [Fact]
    public async Task ConfigurationChanges_AreAuditedWithWhoWhenBeforeAndAfter()
    {
        var configurations = Service<ConfigurationService>();
        var rm = await _factory.CallerOfAsync(_rm);
        Assert.True((await configurations.PublishAsync(rm, _acme, "seed")).IsOk);
        var seed = ConfigurationDocumentSerializer.Serialize((await configurations.GetDraftAsync(rm, _acme)).Value!.Document);

        var savedAt = NextMinute();
        Assert.True((await configurations.SaveDraftAsync(rm, _acme, seed.Replace("\"CUSTOMERS\"", "\"PEOPLE\"", StringComparison.Ordinal), null)).IsOk);
        var saved = await LastAsync("configuration.draft-saved");
        var publishedAt = NextMinute();
        Assert.True((await configurations.PublishAsync(rm, _acme, "people")).IsOk);
        var published = await LastAsync("configuration.published");
        var restoredAt = NextMinute();
        Assert.True((await configurations.RestoreAsync(rm, _acme, 1, null, publish: true)).IsOk);
        var restored = await LastAsync("configuration.restored");

        AssertWhoAndWhen(saved, _rm, savedAt);
        Assert.Equal(_acme, saved.CustomerId);
        Assert.Contains("\"CUSTOMERS\"", Json(saved.Before).GetProperty("document").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"PEOPLE\"", Json(saved.After).GetProperty("document").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"PEOPLE\"", Json(saved.Before).GetProperty("document").GetString(), StringComparison.Ordinal);

        AssertWhoAndWhen(published, _rm, publishedAt);
        Assert.Equal(1, Json(published.Before).GetProperty("number").GetInt32());
        Assert.Equal(2, Json(published.After).GetProperty("number").GetInt32());
        Assert.Equal("people", Json(published.After).GetProperty("note").GetString());

        AssertWhoAndWhen(restored, _rm, restoredAt);
        Assert.Equal(2, Json(restored.Before).GetProperty("number").GetInt32());
        Assert.Equal(3, Json(restored.After).GetProperty("number").GetInt32());
        Assert.Equal(1, Json(restored.After).GetProperty("restoredFrom").GetInt32());
    }

    [Fact]
    public async Task UserChanges_AreAuditedWithWhoWhenBeforeAndAfter()
    {
        var admin = await _factory.CallerOfAsync(_admin);
        var users = Service<UserAdministration>();
        var globex = (await _factory.CreateCustomerAsync("Globex")).Id;

        var invitedAt = NextMinute();
        var invited = (await users.InviteAsync(admin, new UserInvitation("new@example.com", "Nia", PortalRoles.Customer, _acme, null))).Value!;
        var invite = await LastAsync("user.invited");
        var manager = await _factory.CreateUserAsync("rm2@example.com", PortalRoles.RelationshipManager);
        var assignedAt = NextMinute();
        Assert.True((await Service<CustomerService>().AssignManagersAsync(admin, _acme, [_rm.Id, manager.Id])).IsOk);
        var assigned = await LastAsync("customer.managers-assigned");
        var roleAt = NextMinute();
        Assert.True((await users.ChangeRoleAsync(admin, _rm.Id, PortalRoles.Customer, globex, null)).IsOk);
        var role = await LastAsync("user.role-changed");
        var disabledAt = NextMinute();
        Assert.True((await users.SetDisabledAsync(admin, invited.UserId, disabled: true)).IsOk);
        var disabled = await LastAsync("user.disabled");
        var enabledAt = NextMinute();
        Assert.True((await users.SetDisabledAsync(admin, invited.UserId, disabled: false)).IsOk);
        var enabled = await LastAsync("user.enabled");

        AssertWhoAndWhen(invite, _admin, invitedAt);
        Assert.Null(invite.Before);
        Assert.Equal("new@example.com", Json(invite.After).GetProperty("email").GetString());
        Assert.Equal(PortalRoles.Customer, Json(invite.After).GetProperty("role").GetString());

        AssertWhoAndWhen(role, _admin, roleAt);
        Assert.Equal("rm@example.com", role.Subject);
        Assert.Equal([PortalRoles.RelationshipManager], Json(role.Before).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([_acme], Json(role.Before).GetProperty("managedCustomerIds").EnumerateArray().Select(r => r.GetGuid()));
        Assert.Equal(PortalRoles.Customer, Json(role.After).GetProperty("role").GetString());
        Assert.Equal(globex, Json(role.After).GetProperty("customerId").GetGuid());

        AssertWhoAndWhen(disabled, _admin, disabledAt);
        Assert.False(Json(disabled.Before).GetProperty("isDisabled").GetBoolean());
        Assert.True(Json(disabled.After).GetProperty("isDisabled").GetBoolean());
        AssertWhoAndWhen(enabled, _admin, enabledAt);
        Assert.True(Json(enabled.Before).GetProperty("isDisabled").GetBoolean());
        Assert.False(Json(enabled.After).GetProperty("isDisabled").GetBoolean());

        AssertWhoAndWhen(assigned, _admin, assignedAt);
        Assert.Equal(_acme, assigned.CustomerId);
        Assert.Equal(["rm@example.com"], Json(assigned.Before).GetProperty("relationshipManagers").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["rm2@example.com", "rm@example.com"],
            Json(assigned.After).GetProperty("relationshipManagers").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
    }
}
