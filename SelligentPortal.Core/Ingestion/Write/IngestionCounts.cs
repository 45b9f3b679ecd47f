namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>What one request's events became.</summary>
public sealed record IngestionCounts(int Accepted, int Applied, int Duplicate, int Failed, int Skipped, int Deleted)
{
    public static IngestionCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);
}
