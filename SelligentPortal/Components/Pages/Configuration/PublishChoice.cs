namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>What the publish dialog was confirmed with: the note, or for an urgent publish the reason.</summary>
public sealed record PublishChoice(string Note, bool Urgent);
