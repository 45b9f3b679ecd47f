using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>
/// A path bound to a table's prefix cache: evaluation starts from the cached element of its longest shared
/// prefix (<c>traits</c>, <c>traits.address</c>, ...) instead of the event root, so a prefix used by several
/// fields is looked up once per event. Property lookups are linear scans, so this halves the identify cost.
/// </summary>
internal sealed class BoundPath(MappingPath path, int baseSlot, int startSegment)
{
    public MappingPath Path { get; } = path;

    /// <summary>The cache slot to start from, or -1 for the event root.</summary>
    public int BaseSlot { get; } = baseSlot;

    /// <summary>How many segments the base slot already resolved.</summary>
    public int StartSegment { get; } = startSegment;
}

/// <summary>The shared prefixes of one table, each with its slot in <see cref="SlotCache"/>; parents come before children.</summary>
internal sealed class PathPlan
{
    public const int MaxSlots = SlotCache.Capacity;

    private PathPlan(BoundPath[] slots) => Slots = slots;

    /// <summary>For each slot, the prefix path bound to its own parent slot.</summary>
    public BoundPath[] Slots { get; }

    /// <summary>Plans the cache for every path a table uses and returns the bound paths in the same order.</summary>
    public static PathPlan Create(IReadOnlyList<MappingPath> paths, out BoundPath[] bound)
    {
        // A prefix is worth a slot when two or more path uses go through it.
        var uses = new Dictionary<string, (int Count, MappingPath Path, int Length)>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var length = 1; length < path.Length; length++)
            {
                var key = path.PrefixKey(length);
                uses[key] = uses.TryGetValue(key, out var use) ? (use.Count + 1, use.Path, length) : (1, path, length);
            }
        }

        var slotByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new List<BoundPath>();
        foreach (var (key, use) in uses.OrderBy(u => u.Value.Length).ThenBy(u => u.Key, StringComparer.Ordinal))
        {
            if (use.Count < 2 || slots.Count == MaxSlots)
            {
                continue;
            }

            var prefix = use.Path.Prefix(use.Length);
            slots.Add(Bind(prefix, use.Length, slotByKey));
            slotByKey[key] = slots.Count - 1;
        }

        bound = new BoundPath[paths.Count];
        for (var i = 0; i < bound.Length; i++)
        {
            bound[i] = Bind(paths[i], paths[i].Length, slotByKey);
        }

        return new PathPlan([.. slots]);
    }

    private static BoundPath Bind(MappingPath path, int length, Dictionary<string, int> slotByKey)
    {
        for (var prefix = length - 1; prefix >= 1; prefix--)
        {
            if (slotByKey.TryGetValue(path.PrefixKey(prefix), out var slot))
            {
                return new BoundPath(path, slot, prefix);
            }
        }

        return new BoundPath(path, -1, 0);
    }
}

/// <summary>Per-event storage of resolved prefixes, on the stack.</summary>
[InlineArray(Capacity)]
internal struct SlotCache
{
    public const int Capacity = 16;

    private JsonElement _element0;
}
