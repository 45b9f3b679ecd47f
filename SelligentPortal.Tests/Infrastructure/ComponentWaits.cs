using System.Runtime.CompilerServices;
using Bunit;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// bUnit's WaitFor… helpers give up after one second by default: a window a busy two-core CI machine
/// can miss when a component loads from the database. They return as soon as they pass, so a generous
/// limit costs nothing when all is well.
/// </summary>
internal static class ComponentWaits
{
    [ModuleInitializer]
    internal static void Initialize() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
