namespace SelligentPortal.Core.Common;

/// <summary>How a command ended, so the HTTP and UI layers can answer precisely.</summary>
public enum OutcomeStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>The result of a command: a value, or a status with the problems that explain it.</summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value, IReadOnlyList<string> Problems)
{
    public bool IsOk => Status == OutcomeStatus.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value, []);

    public static Outcome<T> NotFound() => new(OutcomeStatus.NotFound, default, []);

    public static Outcome<T> Forbidden(string reason) => new(OutcomeStatus.Forbidden, default, [reason]);

    public static Outcome<T> Invalid(params IReadOnlyList<string> problems) => new(OutcomeStatus.Invalid, default, problems);

    public static Outcome<T> Conflict(string problem) => new(OutcomeStatus.Conflict, default, [problem]);
}
