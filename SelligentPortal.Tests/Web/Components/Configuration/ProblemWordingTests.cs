using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Web.Components.Configuration;

public class ProblemWordingTests
{
    private static readonly ConfigurationForm Form = ConfigurationForm.FromDocument(SeedPreset.Create());

    [Theory]
    [InlineData("$.internalDataSource.fields[2].name", "CUSTOMERS, field 3 (first_name), name")]
    [InlineData("$.internalDataSource.fields[0].maxLength", "CUSTOMERS, field 1 (customer_id), max length")]
    [InlineData("$.internalDataSource.fields", "CUSTOMERS")]
    [InlineData("$.internalDataSource.mapping.email_address.from[1]", "CUSTOMERS, mapping of email_address, path 2")]
    [InlineData("$.interactionExtensions[0].mapping['odd name'].template", "EVENTS, mapping of odd name, template")]
    [InlineData("$.interactionExtensions[0].events[3]", "EVENTS, event filter")]
    [InlineData("$.interactionExtensions[0].name", "EVENTS, table name")]
    public void Location_JsonPath_NamesTablesAndFieldsInWords(string path, string expected) =>
        Assert.Equal(expected, ProblemWording.Location(Form, path));

    [Fact]
    public void Message_RoleNames_WrittenAsWords() =>
        Assert.Equal(
            "The internal data source needs exactly one primary key field (text or integer); there is none. Give it a max length.",
            ProblemWording.Message("The internal data source needs exactly one primaryKey field (text or integer); there is none. Give it a maxLength."));

    [Fact]
    public void InFile_InvalidJson_SaysLineWithoutTheRootPath()
    {
        var problem = Assert.Single(ConfigurationDocumentSerializer.Parse("{\n  \"internalDataSource\": {,\n}").Problems);

        Assert.StartsWith("The document is not valid JSON (line 2, position ", ProblemWording.InFile(problem), StringComparison.Ordinal);
    }

    [Fact]
    public void InFile_NestedProblem_SaysWhereInTheFile() =>
        Assert.Equal(
            "At $.internalDataSource.fields[2].type: Unknown type.",
            ProblemWording.InFile(new ConfigurationProblem("$.internalDataSource.fields[2].type", "Unknown type.")));
}
