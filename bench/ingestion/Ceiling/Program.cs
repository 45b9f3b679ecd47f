using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

// Reads the whole body and parses it as JSON, as any ingestion endpoint must, then answers 200.
app.MapPost("/{**path}", async (HttpRequest request) =>
{
    using var document = await JsonDocument.ParseAsync(request.Body);
    return Results.Text("{\"success\":true}", "application/json");
});

app.Run();
