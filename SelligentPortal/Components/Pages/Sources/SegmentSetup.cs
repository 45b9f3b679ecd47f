namespace SelligentPortal.Components.Pages.Sources;

/// <summary>The endpoints and ready-to-paste snippets that send events to this portal with one write key.</summary>
public sealed record SegmentSetup(string BaseUri, string WriteKey)
{
    private string Base => BaseUri.EndsWith('/') ? BaseUri : BaseUri + "/";

    /// <summary>Where Segment's SDKs and the HTTP Tracking API post (analytics-node appends /v1/batch to its host).</summary>
    public string BatchUrl => Base + "v1/batch";

    /// <summary>Segment's endpoint destination: one event per request.</summary>
    public string SegmentUrl => Base + "segment";

    public string Host => Base.TrimEnd('/');

    public string Curl => $$$"""
        curl -X POST '{{{Base}}}v1/identify' \
          -u '{{{WriteKey}}}:' \
          -H 'Content-Type: application/json' \
          -d '{"userId":"user-123","traits":{"email":"peter@example.com"}}'
        """;

    public string Node => $$"""
        import { Analytics } from '@segment/analytics-node'

        const analytics = new Analytics({
          writeKey: '{{WriteKey}}',
          host: '{{Host}}',
        })

        analytics.identify({ userId: 'user-123', traits: { email: 'peter@example.com' } })
        """;
}
