using System.Text;
using VectaX.Rbac;
using VectaX.Tests.Rbac;

namespace VectaX.Tests;

/// <summary>One cipher, key ring, authority and user key shared by eight threads, every result checked.</summary>
public class ConcurrencyTests
{
    private const int D = 96;
    private const int Threads = 8;
    private const int Rounds = 150;

    [Fact]
    public void Eight_threads_sharing_one_cipher_ring_and_user_key_get_every_result_right()
    {
        PolicyVocabulary vocabulary = RbacFixture.Vocabulary();
        using RbacAuthority authority = RbacAuthority.Create(vocabulary);
        AttributeSet policy = RbacFixture.Set(vocabulary, "departments=research");
        using UserKey user = authority.IssueUserKey(RbacFixture.Set(vocabulary, "roles=analyst;departments=research"));
        using VectaXKey key = TestData.Key(D, TransformKind.Fast);
        using VectaXKey older = TestData.Key(D, TransformKind.Dense, keyId: 8, seed: 2);
        using var cipher = new VectorCipher(key);
        using var ring = new KeyRing([key, older], key.KeyId);

        // Answers computed on one thread first: the explicit-IV ciphertexts and sealed records the threads must reproduce or open.
        var random = new Random(1109);
        float[][] vectors = Enumerable.Range(0, 32).Select(_ => TestData.Unit(random, D)).ToArray();
        byte[][] ivs = vectors.Select(_ => Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToArray();
        var expected = new float[vectors.Length][];
        for (int i = 0; i < vectors.Length; i++)
        {
            expected[i] = new float[D];
            cipher.Encrypt(vectors[i], ivs[i], expected[i], new byte[EncryptedVectorFormat.Size], Binding(i));
        }

        EncryptedVector[] underOlder = vectors.Select((v, i) => ring[older.KeyId].Encrypt(v, Binding(i))).ToArray();
        SealedRecord[] sealedRecords = vectors.Select((v, i) => authority.Seal(policy, v, Encoding.UTF8.GetBytes($"payload {i}"), Binding(i))).ToArray();

        int checks = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            float[] c = new float[D], back = new float[D];
            byte[] m = new byte[EncryptedVectorFormat.Size];
            for (int r = 0; r < Rounds; r++)
            {
                int i = (t * 7 + r) % vectors.Length;
                string? failure = ((t + r) % 5) switch
                {
                    0 => EncryptDecrypt(cipher, vectors[i], Binding(i), c, m, back),
                    1 => Reproduce(cipher, vectors[i], ivs[i], expected[i], Binding(i), c, m),
                    2 => RingDecrypt(ring, underOlder[i], vectors[i], Binding(i)),
                    3 => SealOpen(authority, policy, user, vectors[i], i),
                    _ => Open(user, sealedRecords[i], vectors[i], i),
                };
                if (failure is not null)
                {
                    failures.Enqueue($"thread {t} round {r}: {failure}");
                }

                Interlocked.Increment(ref checks);
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.Equal(Threads * Rounds, checks);
    }

    private static byte[] Binding(int i) => new RecordBinding("stress", (ulong)i, 1).ToBytes();

    private static string? EncryptDecrypt(VectorCipher cipher, float[] v, byte[] binding, float[] c, byte[] m, float[] back)
    {
        cipher.Encrypt(v, c, m, binding);
        cipher.Decrypt(c, m, back, binding);
        return TestData.Distance(v, back) < 1e-5 ? null : "encrypt/decrypt round trip differs";
    }

    private static string? Reproduce(VectorCipher cipher, float[] v, byte[] iv, float[] expected, byte[] binding, float[] c, byte[] m)
    {
        cipher.Encrypt(v, iv, c, m, binding);
        return c.AsSpan().SequenceEqual(expected) && cipher.Verify(c, m, binding) ? null : "explicit-IV ciphertext differs";
    }

    private static string? RingDecrypt(KeyRing ring, EncryptedVector encrypted, float[] v, byte[] binding) =>
        TestData.Distance(ring.Decrypt(encrypted, binding), v) < 1e-5 ? null : "ring decryption differs";

    private static string? SealOpen(RbacAuthority authority, AttributeSet policy, UserKey user, float[] v, int i)
    {
        SealedRecord record = authority.Seal(policy, v, Encoding.UTF8.GetBytes($"payload {i}"), Binding(i));
        return Open(user, record, v, i);
    }

    private static string? Open(UserKey user, SealedRecord record, float[] v, int i)
    {
        OpenedRecord opened = user.Open(record, Binding(i));
        return opened.Vector!.AsSpan().SequenceEqual(v) && Encoding.UTF8.GetString(opened.Payload) == $"payload {i}" ? null : "opened record differs";
    }
}
