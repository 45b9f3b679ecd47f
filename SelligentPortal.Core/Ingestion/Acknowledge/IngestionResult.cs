using SelligentPortal.Core.Ingestion.Write;

namespace SelligentPortal.Core.Ingestion.Acknowledge;

/// <summary>How an ingestion request ended; the HTTP layer turns it into the exact status Segment expects.</summary>
public enum IngestionStatus
{
    Committed,
    BadRequest,
    Unauthorized,
    Forbidden,
    TooManyRequests,
    Unavailable,
    NotImplemented,
}

/// <summary>The answer to an ingestion request.</summary>
public sealed record IngestionResult(IngestionStatus Status, string? Message = null, IngestionCounts? Counts = null, int RetryAfterSeconds = 0);
