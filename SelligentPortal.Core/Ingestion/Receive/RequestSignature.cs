using System.Security.Cryptography;

namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>A signed source's check of X-Signature: the hex HMAC-SHA1 of the body with the source's signing secret.</summary>
public static class RequestSignature
{
    /// <summary>
    /// True when the source does not sign its requests, or when the request's X-Signature matches its
    /// body as read or, for a compressed body, as sent.
    /// </summary>
    public static bool Matches(SourceContext source, IngestionRequest request) =>
        source.SigningSecret is not { } secret || Matches(secret, request.Body.Span, request.Signature)
            || (!request.SentBody.IsEmpty && Matches(secret, request.SentBody.Span, request.Signature));

    private static bool Matches(byte[] secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 40)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[20];
        HMACSHA1.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
