using System.Buffers.Binary;

namespace VectaX.Rbac;

/// <summary>
/// The public parameters of an access class's similarity key: every class of a collection shares them with the
/// collection's ring key, so ciphertext distances of different classes compare on one scale.
/// </summary>
public readonly record struct SimilarityParameters(int Dimension, TransformKind Transform, float Scale, float Beta)
{
    /// <summary>The parameters of <paramref name="cipher"/>'s key.</summary>
    public static SimilarityParameters Of(VectorCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        return new(cipher.Dimension, cipher.Transform, cipher.Scale, cipher.Beta);
    }

    internal void Write(Span<byte> destination)
    {
        destination[0] = (byte)Transform;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], Dimension);
        BinaryPrimitives.WriteSingleLittleEndian(destination[5..], Scale);
        BinaryPrimitives.WriteSingleLittleEndian(destination[9..], Beta);
    }

    /// <summary>Writes "no similarity key" (all zero) when <paramref name="parameters"/> is null.</summary>
    internal static void Write(SimilarityParameters? parameters, Span<byte> destination)
    {
        destination[..ClassHeaderLayout.SimilaritySize].Clear();
        parameters?.Write(destination);
    }

    internal static SimilarityParameters? Read(ReadOnlySpan<byte> source)
    {
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(source[1..]);
        return dimension == 0 ? null : new SimilarityParameters(dimension, (TransformKind)source[0], BinaryPrimitives.ReadSingleLittleEndian(source[5..]), BinaryPrimitives.ReadSingleLittleEndian(source[9..]));
    }
}
