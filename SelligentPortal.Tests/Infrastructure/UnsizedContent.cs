using System.Net;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>A body sent in 4 KB writes without a Content-Length, as a streaming client sends it.</summary>
public sealed class UnsizedContent(byte[] bytes) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
