using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The IDS grid: a column per schema field, filters, order, keyset pages and live mode.</summary>
public partial class IdsRecordsGrid
{
    /// <summary>The IDS fields of the published schema, in order.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<FieldDefinition> Fields { get; set; }

    /// <summary>The IDS table name.</summary>
    [Parameter, EditorRequired]
    public required string Table { get; set; }

    private FieldDefinition KeyField => Fields.FirstOrDefault(f => f.Role == FieldRole.PrimaryKey) ?? new FieldDefinition("key", FieldType.Text);

    private bool IsFiltered => Current with { Sort = IdsSort.Newest } != new IdsFilter();

    protected override IdsFilter Empty { get; } = new();

    protected override IdsFilter Normalize(IdsFilter filter) =>
        filter with { Search = Clean(filter.Search), Key = Clean(filter.Key), Email = Clean(filter.Email) };
}
