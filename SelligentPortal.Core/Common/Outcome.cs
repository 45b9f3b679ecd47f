namespace SelligentPortal.Core.Common;

/// <summary>How a command ended, so the HTTP and UI layers can answer precisely.</summary>
public enum OutcomeStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,

    /// <summary>Not done now, for a passing reason (the service is stopping or busy): try again shortly.</summary>
    Unavailable,
}

/// <summary>The result of a command: a value, or a status with the problems that explain it.</summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value, IReadOnlyList<string> Problems)
{
    public bool IsOk => Status == OutcomeStatus.Ok;

    /// <summary>Where each problem is (a JSON path into a document), parallel to <see cref="Problems"/>; empty when not located.</summary>
    public IReadOnlyList<string?> ProblemPaths { get; init; } = [];

    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value, []);

    public static Outcome<T> NotFound() => new(OutcomeStatus.NotFound, default, []);

    public static Outcome<T> Forbidden(string reason) => new(OutcomeStatus.Forbidden, default, [reason]);

    public static Outcome<T> Invalid(params IReadOnlyList<string> problems) => new(OutcomeStatus.Invalid, default, problems);

    /// <summary>Invalid, with every problem located in the submitted document.</summary>
    public static Outcome<T> InvalidAt(IEnumerable<(string Path, string Message)> problems)
    {
        var list = problems.ToList();
        return new(OutcomeStatus.Invalid, default, list.Select(p => p.Message).ToList()) { ProblemPaths = list.Select(p => (string?)p.Path).ToList() };
    }

    /// <summary>The same failure for another value type.</summary>
    public Outcome<TOther> As<TOther>() => new(Status, default, Problems) { ProblemPaths = ProblemPaths };

    public static Outcome<T> Conflict(string problem) => new(OutcomeStatus.Conflict, default, [problem]);

    public static Outcome<T> Unavailable(string problem) => new(OutcomeStatus.Unavailable, default, [problem]);
}
