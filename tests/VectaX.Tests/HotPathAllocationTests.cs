namespace VectaX.Tests;

/// <summary>
/// The single-vector span paths allocate nothing on the calling thread: dense and fast, on the stack and with the
/// scratch block pooled (over 64 KiB: the original revision at d = 6000 decrypts from a rented block).
/// </summary>
public class HotPathAllocationTests
{
    [Theory]
    [InlineData(TransformKind.Dense, TransformRevision.Original, 1536)]
    [InlineData(TransformKind.Fast, TransformRevision.SingleGather, 3072)]
    [InlineData(TransformKind.Fast, TransformRevision.Original, 6000)]
    public void Encrypt_query_and_decrypt_allocate_nothing(TransformKind kind, TransformRevision revision, int d)
    {
        using VectaXKey key = TestData.Key(d, kind, revision: revision);
        using var cipher = new VectorCipher(key);
        float[] v = TestData.Unit(new Random(d), d), c = new float[d], q = new float[d], back = new float[d];
        byte[] m = new byte[EncryptedVectorFormat.Size];
        for (int i = 0; i < 3; i++)
        {
            cipher.Encrypt(v, c, m);
            cipher.EncryptQuery(v, q);
            cipher.Decrypt(c, m, back);
        }

        // A reseed of the IV generator (process-wide, once per 16 MiB of IVs) allocates its new key: measure again.
        long allocated;
        int attempts = 0;
        bool reseeded;
        do
        {
            long generation = SecretRandom.Generation;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++)
            {
                cipher.Encrypt(v, c, m);
                cipher.EncryptQuery(v, q);
                cipher.Decrypt(c, m, back);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            reseeded = SecretRandom.Generation != generation;
        }
        while (reseeded && ++attempts < 3);

        Assert.False(reseeded, "the IV generator reseeded during every measurement");
        Assert.Equal(0, allocated);
    }
}
