using System.Security.Cryptography;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>A class disposed while another thread seals under it: the seal is refused, never made under zeroed keys.</summary>
public class AccessClassDisposeRaceTests
{
    [Fact]
    public void A_record_header_wrapped_while_its_class_is_disposed_is_never_under_a_zero_key()
    {
        byte[] authorityId = new byte[RecordHeader.AuthorityIdSize];
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[] dataKey = RandomNumberGenerator.GetBytes(RecordHeader.DataKeySize);
        byte[] recordId = new byte[RecordHeader.RecordIdSize];
        using var zero = new AesGcm(new byte[32], RecordCrypto.GcmTagSize);
        using var genuine = new AccessClass(authorityId, 1, secret, null);
        int underZero = 0, wrapped = 0;
        AccessClass? current = null;
        byte[] header = new byte[RecordHeader.Size];
        bool ok = false;
        using var start = new Barrier(2);
        using var done = new Barrier(2);
        const int trials = 20_000;
        var sealer = new Thread(() =>
        {
            for (int i = 0; i < trials; i++)
            {
                start.SignalAndWait();
                try
                {
                    DataKey key = current!.Wrap(dataKey);
                    current.WriteHeader(recordId, key.Wrapped, header);
                    key.Retire();
                    ok = true;
                }
                catch (ObjectDisposedException)
                {
                    ok = false;
                }

                done.SignalAndWait();
            }
        });
        sealer.Start();
        Span<byte> unwrapped = stackalloc byte[RecordHeader.DataKeySize];
        for (int i = 0; i < trials; i++)
        {
            current = new AccessClass(authorityId, 1, secret, null);
            start.SignalAndWait();
            current.Release();
            done.SignalAndWait();
            if (ok)
            {
                wrapped++;
                if (RecordCrypto.TryUnwrapDataKey(zero, new RecordHeader.View(header), unwrapped))
                {
                    underZero++;
                }
                else
                {
                    // A header the race let through is under the class's own wrapping key.
                    genuine.UnwrapDataKey(new RecordHeader.View(header), unwrapped);
                    Assert.Equal(dataKey, unwrapped.ToArray());
                }
            }
        }

        sealer.Join();
        Assert.True(underZero == 0, $"{underZero} of {wrapped} headers wrapped under a zeroed key");
    }
}
