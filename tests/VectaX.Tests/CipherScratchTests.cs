namespace VectaX.Tests;

/// <summary>Every byte a call carves from its scratch block held a secret (noise, keystream, a transformed vector): release zeroes them all.</summary>
public class CipherScratchTests
{
    [Theory]
    [InlineData(8, 0, false)]
    [InlineData(768, 0, false)]
    [InlineData(768, 0, true)]
    [InlineData(768, 768, true)]
    [InlineData(3072, 3072, true)]
    [InlineData(6000, 6000, true)]
    public void Release_zeroes_every_carved_byte_and_no_other(int d, int workFloats, bool decrypt)
    {
        int bytes = CipherScratch.Bytes(d, workFloats, decrypt);
        byte[] block = new byte[bytes + 64];
        block.AsSpan().Fill(0xA5);
        var scratch = new CipherScratch(block, null, d, workFloats, decrypt);
        Assert.Equal(BallNoise.SampleCount(d), scratch.Samples.Length);
        Assert.Equal(workFloats, scratch.Work.Length);
        Assert.Equal(decrypt ? d : 0, scratch.Y.Length);
        Assert.Equal(BallNoise.KeystreamBytes(d), scratch.Keystream.Length);
        int carved = ((scratch.Samples.Length + scratch.Work.Length + scratch.Y.Length) * sizeof(float)) + scratch.Keystream.Length;
        Assert.Equal(bytes, carved);
        scratch.Release();
        Assert.All(block[..bytes], b => Assert.Equal(0, b));
        Assert.All(block[bytes..], b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void A_revision_1_encryption_carves_no_transform_scratch_and_a_decryption_only_y()
    {
        using VectaXKey key = TestData.Key(768, TransformKind.Fast, revision: TransformRevision.SingleGather);
        using var cipher = new VectorCipher(key);
        Assert.Equal(0, cipher.TransformState.ScratchFloats);
        using VectaXKey original = TestData.Key(768, TransformKind.Fast);
        using var originalCipher = new VectorCipher(original);
        Assert.Equal(768, originalCipher.TransformState.ScratchFloats);
    }
}
