using SelligentPortal.Tests.PostgreSql;

[assembly: AssemblyFixture(typeof(PostgreSqlTestRun))]

namespace SelligentPortal.Tests.PostgreSql;

/// <summary>The PostgreSQL run's end: its databases, the template among them, are dropped.</summary>
public sealed class PostgreSqlTestRun : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await PostgreSqlTestServer.DropAllAsync();
}
