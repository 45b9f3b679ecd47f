using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// Compares what live and the draft made of one event. Most events come out the same, so a cheap
/// check of the prepared records goes first; only events that differ pay for the field-by-field
/// <see cref="OutcomeComparison"/>. Pure.
/// </summary>
public static class ShadowComparison
{
    /// <summary>Whether a live outcome takes part in a shadow run: mapped by live (applied, failed, skipped), not a delete, not refused on arrival.</summary>
    public static bool IsComparable(PreparedEvent live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return live.Status is EventStatus.Applied or EventStatus.Failed or EventStatus.Skipped
            && live.Incoming.Failure is null
            && live.Incoming.Type != "delete";
    }

    /// <summary>Every difference, live as expected and the draft as actual; empty when they agree.</summary>
    public static IReadOnlyList<OutcomeDifference> Compare(PreparedEvent live, string liveIdsTable, PreparedEvent draft, string draftIdsTable)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(draft);
        if (liveIdsTable == draftIdsTable && Same(live, draft))
        {
            return [];
        }

        return OutcomeComparison.Compare(EventOutcome.From(live, liveIdsTable), EventOutcome.From(draft, draftIdsTable));
    }

    private static bool Same(PreparedEvent live, PreparedEvent draft)
    {
        if (live.Status != draft.Status || live.Reason != draft.Reason || live.Interactions.Count != draft.Interactions.Count)
        {
            return false;
        }

        if (live.IdsRecord is { } ids)
        {
            if (draft.IdsRecord is not { } other || ids.PrimaryKey != other.PrimaryKey || !ids.Fields.SequenceEqual(other.Fields))
            {
                return false;
            }
        }
        else if (draft.IdsRecord is not null)
        {
            return false;
        }

        for (var i = 0; i < live.Interactions.Count; i++)
        {
            var (a, b) = (live.Interactions[i], draft.Interactions[i]);
            if (a.Extension != b.Extension || a.EventId != b.EventId || !a.FieldsUtf8.AsSpan().SequenceEqual(b.FieldsUtf8))
            {
                return false;
            }
        }

        return true;
    }
}
