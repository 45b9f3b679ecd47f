namespace SelligentPortal.Core.Options;

/// <summary>
/// The app cannot start with its settings: the message is one line for the operator, naming the
/// setting to fix (Program prints it and exits without a stack trace).
/// </summary>
public sealed class PortalStartupException(string message, Exception? inner = null) : Exception(message, inner);
