namespace SelligentPortal.Core.Configuration.Outcomes;

/// <summary>Compares two outcomes of the same event field by field. Pure.</summary>
public static class OutcomeComparison
{
    /// <summary>Every difference, in a stable order: status, reason, the IDS record, then each interaction.</summary>
    public static IReadOnlyList<OutcomeDifference> Compare(EventOutcome expected, EventOutcome actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<OutcomeDifference>();
        if (expected.Status != actual.Status)
        {
            differences.Add(new OutcomeDifference("status", null, null, expected.Status, actual.Status));
        }

        if (expected.Reason != actual.Reason)
        {
            differences.Add(new OutcomeDifference("reason", null, null, expected.Reason, actual.Reason));
        }

        CompareRecord(differences, expected.IdsRecord, actual.IdsRecord);
        var expectedInteractions = expected.Interactions.ToLookup(i => i.Table, StringComparer.Ordinal);
        var actualInteractions = actual.Interactions.ToLookup(i => i.Table, StringComparer.Ordinal);
        foreach (var table in expectedInteractions.Select(g => g.Key).Union(actualInteractions.Select(g => g.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // An event gives at most one record per extension; pair them in order all the same.
            var left = expectedInteractions[table].ToList();
            var right = actualInteractions[table].ToList();
            for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
            {
                CompareRecord(differences, i < left.Count ? left[i] : null, i < right.Count ? right[i] : null);
            }
        }

        return differences;
    }

    private static void CompareRecord(List<OutcomeDifference> differences, OutcomeRecord? expected, OutcomeRecord? actual)
    {
        if (expected is null && actual is null)
        {
            return;
        }

        if (expected is null || actual is null || expected.Table != actual.Table)
        {
            if (expected is not null)
            {
                differences.Add(new OutcomeDifference("record", expected.Table, null, $"{expected.Table} record {expected.Key}", actual is null ? null : $"{actual.Table} record {actual.Key}"));
            }
            else
            {
                differences.Add(new OutcomeDifference("record", actual!.Table, null, null, $"{actual.Table} record {actual.Key}"));
            }

            return;
        }

        if (expected.Key != actual.Key)
        {
            differences.Add(new OutcomeDifference("key", expected.Table, null, expected.Key, actual.Key));
        }

        foreach (var field in expected.Fields.Keys.Union(actual.Fields.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var before = expected.Fields.GetValueOrDefault(field);
            var after = actual.Fields.GetValueOrDefault(field);
            if (before != after)
            {
                differences.Add(new OutcomeDifference("field", expected.Table, field, before, after));
            }
        }
    }
}
