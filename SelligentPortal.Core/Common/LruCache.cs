namespace SelligentPortal.Core.Common;

/// <summary>
/// A bounded map that forgets its least recently used entry when full. Thread-safe; every operation
/// is O(1) under one short lock.
/// </summary>
public sealed class LruCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = new(comparer);
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count
    {
        get
        {
            lock (_order)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The value, which also becomes the most recently used.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        lock (_order)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        lock (_order)
        {
            if (_entries.Remove(key, out var existing))
            {
                _order.Remove(existing);
            }
            else if (_entries.Count >= capacity)
            {
                _entries.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }

            _entries[key] = _order.AddFirst((key, value));
        }
    }

    public void Clear()
    {
        lock (_order)
        {
            _entries.Clear();
            _order.Clear();
        }
    }

    /// <summary>Removes the key; with <paramref name="onlyIf"/>, only when its value passes that test.</summary>
    public void Remove(TKey key, Func<TValue, bool>? onlyIf = null)
    {
        lock (_order)
        {
            if (_entries.TryGetValue(key, out var node) && (onlyIf is null || onlyIf(node.Value.Value)))
            {
                _entries.Remove(key);
                _order.Remove(node);
            }
        }
    }
}
