using System.Security.Cryptography;
using System.Text;

namespace SelligentPortal.Core.ApiTokens;

/// <summary>Generation and hashing of high-entropy secrets (API tokens, write keys).</summary>
public static class TokenSecrets
{
    public const int PrefixLength = 12;

    /// <summary>A new secret: the given prefix followed by 32 random bytes in base64url.</summary>
    public static string Generate(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// SHA-256 is enough here: the secrets are random (or at least 32 characters chosen by an
    /// installer), so there is nothing for a slow password hash to protect against.
    /// </summary>
    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The part of a secret that may be displayed.</summary>
    public static string DisplayPrefix(string secret) =>
        secret.Length <= PrefixLength ? secret : secret[..PrefixLength];
}
