using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>
/// The editors' shared state: the working copy, the problems the validator finds in it (re-run on
/// every change) and the compiled configuration when it validates.
/// </summary>
public sealed partial class ConfigurationWorkspace
{
    private ConfigurationDocument _saved;
    private CompiledConfiguration? _compiled;

    public ConfigurationWorkspace(ConfigurationDocument document, bool readOnly = false)
    {
        _saved = document;
        ReadOnly = readOnly;
        Form = ConfigurationForm.FromDocument(document);
        Revalidate();
    }

    public ConfigurationForm Form { get; private set; }

    /// <summary>True for Customer users and published versions: nothing can be changed.</summary>
    public bool ReadOnly { get; }

    /// <summary>The working copy as a document (rebuilt by <see cref="Revalidate"/>).</summary>
    public ConfigurationDocument Document { get; private set; } = null!;

    public IReadOnlyList<ConfigurationProblem> Problems { get; private set; } = [];

    public bool IsValid => Problems.Count == 0;

    /// <summary>True when the working copy differs from what was loaded or last saved.</summary>
    public bool HasUnsavedChanges { get; private set; }

    /// <summary>The working copy compiled for the preview; null while it has problems.</summary>
    public CompiledConfiguration? Compiled => IsValid ? _compiled ??= MappingCompiler.Compile(Document) : null;

    /// <summary>Raised after every change, so every editor re-renders.</summary>
    public event Action? Changed;

    /// <summary>Call after changing <see cref="Form"/>.</summary>
    public void Revalidate()
    {
        Document = Form.ToDocument();
        Problems = ConfigurationValidator.Validate(Document);
        _compiled = null;
        HasUnsavedChanges = !Document.ContentEquals(_saved);
        Changed?.Invoke();
    }

    /// <summary>Replaces the working copy (an import: unsaved until Save).</summary>
    public void Load(ConfigurationDocument document)
    {
        Form = ConfigurationForm.FromDocument(document);
        Revalidate();
    }

    /// <summary>The working copy was saved (or reloaded): it is the new baseline.</summary>
    public void MarkSaved(ConfigurationDocument saved)
    {
        _saved = saved;
        Revalidate();
    }

    /// <summary>Every path a mapping reads (from paths and template placeholders).</summary>
    public IEnumerable<string> UsedPaths()
    {
        foreach (var field in Form.Tables.SelectMany(t => t.Fields))
        {
            if (field.Mapping is not { } mapping)
            {
                continue;
            }

            switch (mapping.Kind)
            {
                case SourceKind.Paths:
                    foreach (var path in mapping.Paths)
                    {
                        yield return path;
                    }

                    break;
                case SourceKind.Template:
                    foreach (System.Text.RegularExpressions.Match match in Placeholder().Matches(mapping.Template))
                    {
                        yield return match.Groups[1].Value;
                    }

                    break;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{\s*(.+?)\s*\}\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}
