using System.Security.Cryptography;
using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>A sealer disposed while other threads seal and rotate its data key: nothing sealed under zeros, no live key left behind.</summary>
public class SealerDisposeRaceTests
{
    private static readonly PolicyVocabulary s_vocabulary = RbacFixture.Vocabulary();
    private static readonly AttributeSet s_policy = RbacFixture.Set(s_vocabulary, "roles=admin;departments=research");

    [Fact]
    public void A_seal_that_rotates_after_dispose_is_refused_and_leaves_no_live_data_key()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 1 };
        sealer.Seal([1f], []);

        // The window of a race: Dispose has zeroed the data key under the rotation lock and not yet disposed the class,
        // while another thread's seal, past its key's count, rotates. Held open here by keeping the class alive.
        AccessClass accessClass = sealer.Class.Cached();
        sealer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sealer.Seal([2f], []));
        Assert.False(sealer.HoldsLiveDataKey);
        accessClass.Release();
    }

    [Fact]
    public void A_sealer_disposed_mid_rotation_leaves_no_live_data_key_and_seals_nothing_under_zeros()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using var zero = new AesGcm(new byte[RecordHeader.DataKeySize], RecordCrypto.GcmTagSize);
        const int trials = 100, workers = 3;
        int live = 0, sealedCount = 0;
        PolicySealer? current = null;
        var records = new List<SealedRecord>[workers];
        // Not disposed, and the workers are background threads: a failed assertion leaves them parked, not crashing the host.
        var start = new Barrier(workers + 1);
        var done = new Barrier(workers + 1);
        var threads = new Thread[workers];
        for (int t = 0; t < workers; t++)
        {
            List<SealedRecord> mine = records[t] = [];
            threads[t] = new Thread(() =>
            {
                for (int trial = 0; trial < trials; trial++)
                {
                    start.SignalAndWait();
                    try
                    {
                        while (true)
                        {
                            mine.Add(current!.Seal([1f, 2f], "p"u8));
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        // The sealer is gone: the only way out.
                    }

                    done.SignalAndWait();
                }
            })
            { IsBackground = true };
            threads[t].Start();
        }

        for (int trial = 0; trial < trials; trial++)
        {
            // Every second record rotates: the workers spend most of their time waiting on, or inside, a rotation.
            using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 1 };
            current = sealer;
            start.SignalAndWait();
            Thread.SpinWait(trial % 20 * 10);
            sealer.Dispose();
            done.SignalAndWait();
            live += sealer.HoldsLiveDataKey ? 1 : 0;
            Assert.Throws<ObjectDisposedException>(() => sealer.Seal([1f], []));
            foreach (SealedRecord record in records.SelectMany(r => r.TakeLast(4)))
            {
                Assert.Equal([1f, 2f], authority.Open(record.ClassHeader.Span, record.Header, record.Sealed).Vector!);
                Assert.Throws<AccessDeniedException>(() => RecordCrypto.Open(zero, record.Header, default, record.Sealed));
            }

            sealedCount += records.Sum(r => r.Count);
            Array.ForEach(records, r => r.Clear());
        }

        Array.ForEach(threads, t => t.Join());
        Assert.True(live == 0, $"{live} of {trials} disposed sealers still hold a data key that is not zeroed ({sealedCount} records sealed)");
    }
}
