using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>The Data Protection key ring in the database: plain by default, encrypted with a configured certificate.</summary>
public sealed class DataProtectionKeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("key-ring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WithACertificate_TheKeyRingIsStoredEncrypted_AndSigningSecretsStillWork()
    {
        var certificate = Path.Combine(_folder, "data-protection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var certificateRequest = new CertificateRequest("CN=SelligentPortal data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificate, created.Export(X509ContentType.Pfx, "pfx-password"));
        }

        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory(new()
        {
            ["DataProtection:CertificatePath"] = certificate,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        }));
        var secret = (await scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, scenario.CustomerId, scenario.SourceId, remove: false)).Value!;

        await using (var db = scenario.Db())
        {
            var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml);
                Assert.DoesNotContain("unencrypted form", xml);
            });
        }

        const string identify = "{\"messageId\":\"m-1\",\"userId\":\"u-1\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify") { Content = new StringContent(identify, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", scenario.WriteKey);
        request.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(identify))));
        Assert.Equal(HttpStatusCode.OK, (await scenario.Client.SendAsync(request)).StatusCode);
    }
}
