using Microsoft.Extensions.Logging.Abstractions;
using SelligentPortal.Core.Cluster;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>Cluster notices of one instance, for services built without the app's container.</summary>
public static class TestNotices
{
    public static LocalNotices Local() => new(new NoticeSubscribers(NullLogger<NoticeSubscribers>.Instance));
}
