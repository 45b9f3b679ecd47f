using System.Reflection;
using System.Runtime.InteropServices;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>
/// Native code calls these methods: an exception thrown through one ends the process, so each catches
/// every exception and returns an SQLite error code.
/// </summary>
public class NativeCallbackTests
{
    private const byte Nop = 0x00;

    public static TheoryData<string> Callbacks()
    {
        var data = new TheoryData<string>();
        foreach (var method in CallbackMethods())
        {
            data.Add($"{method.DeclaringType!.FullName}.{method.Name}");
        }

        return data;
    }

    [Fact]
    public void Callbacks_AreFound_InTheTestLayer()
    {
        var types = CallbackMethods().Select(m => m.DeclaringType).Distinct().ToList();

        Assert.Contains(typeof(CrashVfs), types);
    }

    [Theory]
    [MemberData(nameof(Callbacks))]
    public void Callback_CatchesEveryException_AroundItsWholeBody(string callback)
    {
        var method = CallbackMethods().Single(m => $"{m.DeclaringType!.FullName}.{m.Name}" == callback);
        var body = method.GetMethodBody()!;

        var handler = Assert.Single(body.ExceptionHandlingClauses, c => c.Flags == ExceptionHandlingClauseOptions.Clause && c.CatchType == typeof(Exception));
        // Nothing runs before the try but the debug build's nops.
        Assert.All(body.GetILAsByteArray()![..handler.TryOffset], b => Assert.Equal(Nop, b));
    }

    private static IEnumerable<MethodInfo> CallbackMethods() =>
        new[] { typeof(DatabaseFileSync).Assembly, typeof(CrashVfs).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is not null);
}
