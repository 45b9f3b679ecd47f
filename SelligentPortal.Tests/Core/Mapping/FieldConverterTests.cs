using System.Globalization;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class FieldConverterTests
{
    private static readonly FieldDefinition Text = new("value_text", FieldType.Text, 10);
    private static readonly FieldDefinition Integer = new("value_int", FieldType.Integer);
    private static readonly FieldDefinition Float = new("value_float", FieldType.Float);
    private static readonly FieldDefinition Date = new("value_date", FieldType.Date);
    private static readonly FieldDefinition DateTimeField = new("value_datetime", FieldType.Datetime);
    private static readonly FieldDefinition Email = new("email_address", FieldType.Email);
    private static readonly FieldDefinition Sms = new("mobile", FieldType.Sms);

    private static string Error(MappingResult result)
    {
        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        return Assert.Single(result.Errors).Message;
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("12.50", "12.50")]
    [InlineData("-3", "-3")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("[1, 2]", "[1,2]")]
    [InlineData("{ \"a\" : 1 }", "{\"a\":1}")]
    public void Text_JsonValue_ConvertsToInvariantText(string json, string expected)
    {
        var result = TestConfigurations.MapValue(Text, json);

        Assert.Equal(expected, result.Value(Text.Name).AsString());
    }

    [Fact]
    public void Text_TooLong_FailsNamingLength()
    {
        var result = TestConfigurations.MapValue(Text, "\"abcdefghijk\"");

        Assert.Equal("value_text: 'abcdefghijk' is 11 characters long; the maximum is 10 (add the 'truncate' transform to cut it)", Error(result));
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("\"42\"", 42L)]
    [InlineData("\"-7\"", -7L)]
    [InlineData("1e3", 1000L)]
    public void Integer_NumberOrNumericString_Converts(string json, long expected)
    {
        var result = TestConfigurations.MapValue(Integer, json);

        Assert.Equal(expected, result.Value(Integer.Name).AsInt64());
    }

    [Theory]
    [InlineData("1.5", "value_int: 1.5 is not a whole number")]
    [InlineData("\"abc\"", "value_int: 'abc' is not a whole number")]
    [InlineData("\"1,000\"", "value_int: '1,000' is not a whole number")]
    [InlineData("true", "value_int: true is not a whole number")]
    public void Integer_NotAWholeNumber_Fails(string json, string message)
    {
        var result = TestConfigurations.MapValue(Integer, json);

        Assert.Equal(message, Error(result));
    }

    [Theory]
    [InlineData("14.99", 14.99)]
    [InlineData("\"14.99\"", 14.99)]
    [InlineData("\"-1.5e2\"", -150.0)]
    public void Float_NumberOrNumericString_Converts(string json, double expected)
    {
        var result = TestConfigurations.MapValue(Float, json);

        Assert.Equal(expected, result.Value(Float.Name).AsDouble());
    }

    [Theory]
    [InlineData("\"14,99\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    public void Float_NotANumber_Fails(string json)
    {
        var result = TestConfigurations.MapValue(Float, json);

        Assert.EndsWith("is not a number", Error(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1990-05-01\"", 1990, 5, 1)]
    [InlineData("\"2024-01-01T00:30:00+02:00\"", 2023, 12, 31)]
    [InlineData("0", 1970, 1, 1)]
    public void Date_IsoOrEpoch_ConvertsToUtcDate(string json, int year, int month, int day)
    {
        var result = TestConfigurations.MapValue(Date, json);

        Assert.Equal(new DateOnly(year, month, day), result.Value(Date.Name).AsDate());
    }

    [Theory]
    [InlineData("\"2015-02-23T22:28:55.111Z\"", "2015-02-23T22:28:55.111Z")]
    [InlineData("\"2015-02-23T23:28:55.111+01:00\"", "2015-02-23T22:28:55.111Z")]
    [InlineData("\"2015-02-23T17:28:55.111-0500\"", "2015-02-23T22:28:55.111Z")]
    [InlineData("\"2015-02-23T22:28:55.111999999Z\"", "2015-02-23T22:28:55.1119999Z")]
    [InlineData("\"2015-02-23T22:28:55.111\"", "2015-02-23T22:28:55.111Z")]
    [InlineData("1424730535111", "2015-02-23T22:28:55.111Z")]
    [InlineData("1424730535111.5", "2015-02-23T22:28:55.1115Z")]
    public void Datetime_IsoWithAnyOffsetOrEpochMilliseconds_StoresUtc(string json, string expected)
    {
        var result = TestConfigurations.MapValue(DateTimeField, json);

        var value = result.Value(DateTimeField.Name).AsDateTime();
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), value);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2015-02-30T00:00:00Z\"")]
    [InlineData("\"2015-02-23T25:00:00Z\"")]
    [InlineData("\"2015-02-23T22:28:55.1234567890Z\"")]
    [InlineData("\"02/23/2015\"")]
    [InlineData("\"1424730535111\"")]
    [InlineData("true")]
    public void Datetime_BadValue_Fails(string json)
    {
        var result = TestConfigurations.MapValue(DateTimeField, json);

        Assert.StartsWith("value_datetime: ", Error(result), StringComparison.Ordinal);
        Assert.EndsWith("is not a date and time (ISO 8601 such as 2024-05-31T12:00:00Z, or epoch milliseconds)", Error(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Date_BadValue_Fails()
    {
        var result = TestConfigurations.MapValue(Date, "\"31/12/2020\"");

        Assert.Equal("value_date: '31/12/2020' is not a date (ISO 8601 such as 2024-05-31, or epoch milliseconds)", Error(result));
    }

    [Theory]
    [InlineData("peter@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("jürgen@exämple.de")]
    public void Email_ValidAddress_Converts(string address)
    {
        var result = TestConfigurations.MapValue(Email, $"\"{address}\"");

        Assert.Equal(address, result.Value(Email.Name).AsString());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("a@@b.com")]
    [InlineData(".a@b.com")]
    [InlineData("a..b@b.com")]
    [InlineData("a b@b.com")]
    [InlineData("a@-b.com")]
    [InlineData("a@b.c")]
    [InlineData("a@b..com")]
    public void Email_InvalidAddress_Fails(string address)
    {
        var result = TestConfigurations.MapValue(Email, $"\"{address}\"");

        Assert.Equal($"email_address: '{address}' is not a valid email address", Error(result));
    }

    [Theory]
    [InlineData("\"+31 6 1234 5678\"", "+31612345678")]
    [InlineData("\"(555) 123-4567\"", "5551234567")]
    [InlineData("\"+1.555.123.4567\"", "+15551234567")]
    [InlineData("31612345678", "31612345678")]
    public void Sms_PlausibleNumber_ConvertsToNormalisedForm(string json, string expected)
    {
        var result = TestConfigurations.MapValue(Sms, json);

        Assert.Equal(expected, result.Value(Sms.Name).AsString());
    }

    [Theory]
    [InlineData("\"12345\"")]
    [InlineData("\"1234567890123456\"")]
    [InlineData("\"call me\"")]
    [InlineData("\"+31 6 1234 5678 ext 2\"")]
    [InlineData("\"31+612345678\"")]
    public void Sms_ImplausibleNumber_Fails(string json)
    {
        var result = TestConfigurations.MapValue(Sms, json);

        Assert.EndsWith("is not a plausible phone number (optional +, then 6 to 15 digits)", Error(result), StringComparison.Ordinal);
    }
}
