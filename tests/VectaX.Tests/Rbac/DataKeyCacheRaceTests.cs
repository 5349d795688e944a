using VectaX.Rbac;

namespace VectaX.Tests.Rbac;

/// <summary>
/// The data key cache of an open class under threads: emptied when full while other threads hold its keys, and
/// zeroed with its class while opens are in flight. A key used after it was zeroed would fail the blob's tag (an
/// <see cref="AccessDeniedException"/>) or, worse, open under another key: every open must give its own record or,
/// once the class is gone, an <see cref="ObjectDisposedException"/>.
/// </summary>
public class DataKeyCacheRaceTests
{
    private static readonly PolicyVocabulary s_vocabulary = RbacFixture.Vocabulary();
    private static readonly AttributeSet s_policy = RbacFixture.Set(s_vocabulary, "roles=admin,analyst;departments=research");
    private static readonly AttributeSet s_reader = RbacFixture.Set(s_vocabulary, "roles=analyst;departments=research");

    [Fact]
    public void Threads_opening_more_keys_than_the_cache_holds_each_get_their_own_record()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 1 };
        SealedRecord[] records = [.. Enumerable.Range(0, DataKeyCache.Capacity + 64).Select(i => sealer.Seal([i], BitConverter.GetBytes(i)))];
        AccessClass opened = user.OpenClassCached(records[0].ClassHeader.Span)!;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (int i = 0; i < 1500; i++)
            {
                int at = ((t * 7919) + (i * 31)) % records.Length;
                OpenedRecord record = opened.Open(records[at].Header, records[at].Sealed);
                Assert.Equal(at, BitConverter.ToInt32(record.Payload));
                Assert.Equal([(float)at], record.Vector!);
            }
        });
        Assert.InRange(opened.CachedDataKeys, 1, DataKeyCache.Capacity + 4);
    }

    [Fact]
    public void A_class_released_while_threads_open_its_records_refuses_them_and_never_uses_a_zeroed_key()
    {
        using RbacAuthority authority = RbacAuthority.Create(s_vocabulary);
        using UserKey user = authority.IssueUserKey(s_reader);
        using var sealer = new PolicySealer(authority, s_policy, authority.Epoch, null) { RecordsPerDataKey = 3 };
        SealedRecord[] records = [.. Enumerable.Range(0, 24).Select(i => sealer.Seal([i], BitConverter.GetBytes(i)))];
        for (int trial = 0; trial < 60; trial++)
        {
            AccessClass opened = user.OpenClass(records[0].ClassHeader.Span);
            int failed = 0, wrong = 0;
            using var started = new CountdownEvent(3);
            Thread[] readers = [.. Enumerable.Range(0, 3).Select(t => new Thread(() =>
            {
                started.Signal();
                for (int i = 0; ; i++)
                {
                    int at = ((t * 5) + i) % records.Length;
                    try
                    {
                        if (BitConverter.ToInt32(opened.Open(records[at].Header, records[at].Sealed).Payload) != at)
                        {
                            Interlocked.Increment(ref wrong);
                            return;
                        }
                    }
                    catch (ObjectDisposedException e) when (e.ObjectName.EndsWith(nameof(AccessClass), StringComparison.Ordinal))
                    {
                        return;
                    }
                    catch (Exception)
                    {
                        // An AES-GCM object disposed under a reader, a blob refused under a zeroed key, ...
                        Interlocked.Increment(ref failed);
                        return;
                    }
                }
            })
            { IsBackground = true })];
            Array.ForEach(readers, r => r.Start());
            started.Wait();
            Thread.SpinWait(trial * 40);
            opened.Dispose();
            Array.ForEach(readers, r => r.Join());
            Assert.Equal(0, failed);
            Assert.Equal(0, wrong);
            Assert.Equal(0, opened.CachedDataKeys);
        }
    }
}
