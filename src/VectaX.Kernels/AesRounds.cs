using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace VectaX.Kernels;

/// <summary>
/// The AES-256 rounds on one instruction set, split so both sets share one loop over the 15 round keys:
/// <c>Last(Round^12(First(block, k0), k1..k12), k13, k14)</c> is AES_K(block).
/// </summary>
internal interface IAesRounds : IAesSubWord
{
    static abstract bool IsSupported { get; }

    /// <summary>The block after round key 0 (and, where the instructions fuse it, the first full round).</summary>
    static abstract Vector128<byte> First(Vector128<byte> block, Vector128<byte> k0);

    /// <summary>One of the middle rounds, under the next round key.</summary>
    static abstract Vector128<byte> Round(Vector128<byte> state, Vector128<byte> key);

    /// <summary>The remaining rounds, under round keys 13 and 14.</summary>
    static abstract Vector128<byte> Last(Vector128<byte> state, Vector128<byte> k13, Vector128<byte> k14);
}

/// <summary>
/// AES-NI: AESENC is SubBytes, ShiftRows, MixColumns, then the round key; AESENCLAST drops MixColumns. The
/// key is XORed in before the first round.
/// </summary>
internal readonly struct AesNiRounds : IAesRounds
{
    public static bool IsSupported => X86Aes.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> First(Vector128<byte> block, Vector128<byte> k0) => block ^ k0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Round(Vector128<byte> state, Vector128<byte> key) => X86Aes.Encrypt(state, key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Last(Vector128<byte> state, Vector128<byte> k13, Vector128<byte> k14) =>
        X86Aes.EncryptLast(X86Aes.Encrypt(state, k13), k14);

    /// <summary>AESKEYGENASSIST puts SubWord of the second word in the first; a broadcast word makes that SubWord(w).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SubWord(uint word) => X86Aes.KeygenAssist(Vector128.Create(word).AsByte(), 0).AsUInt32().ToScalar();
}

/// <summary>
/// The Arm AES instructions: AESE is the round key, SubBytes and ShiftRows; AESMC is MixColumns. So each round
/// key is XORed in at the start of its round, and the last key after the final AESE.
/// </summary>
internal readonly struct ArmAesRounds : IAesRounds
{
    public static bool IsSupported => ArmAes.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> First(Vector128<byte> block, Vector128<byte> k0) => ArmAes.MixColumns(ArmAes.Encrypt(block, k0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Round(Vector128<byte> state, Vector128<byte> key) => ArmAes.MixColumns(ArmAes.Encrypt(state, key));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Last(Vector128<byte> state, Vector128<byte> k13, Vector128<byte> k14) => ArmAes.Encrypt(state, k13) ^ k14;

    /// <summary>AESE under a zero key is ShiftRows(SubBytes(x)); ShiftRows leaves four equal columns as they were.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SubWord(uint word) => ArmAes.Encrypt(Vector128.Create(word).AsByte(), Vector128<byte>.Zero).AsUInt32().ToScalar();
}
