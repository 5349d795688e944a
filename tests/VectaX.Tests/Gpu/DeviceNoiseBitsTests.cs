using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using VectaX.Gpu;
using VectaX.Kernels;

namespace VectaX.Tests.Gpu;

/// <summary>
/// The device noise kernel's Gaussian samples, run on ILGPU's CPU accelerator for every low half (every radius its log
/// can give) and, through an odd-multiplier permutation, every high half: the bits of <see cref="BoxMullerReference"/>
/// with unfused multiply-adds, as the kernel computes them, and the CPU kernels' samples to within their rounding.
/// </summary>
public class DeviceNoiseBitsTests
{
    private const int Rows = 64, WordsPerRow = 1 << 10, D = 2 * WordsPerRow;

    [Fact]
    public void Every_low_and_high_half_gives_the_reference_bits_and_the_cpu_gaussians_to_rounding()
    {
        // The row's sample words, then its radius word; every low half once, every high half once.
        uint[] keystream = new uint[Rows * (WordsPerRow + 1)];
        uint[] words = new uint[Rows * WordsPerRow];
        for (int i = 0; i < words.Length; i++)
        {
            uint low = (uint)i, high = ((low * 0x9E37) + 0x1234) & 0xFFFF;
            words[i] = (high << 16) | low;
            keystream[((i / WordsPerRow) * (WordsPerRow + 1)) + (i % WordsPerRow)] = words[i];
        }

        float[] cpu = new float[2 * words.Length];
        KernelSet.Get(KernelWidth.Scalar).Gaussians(words, cpu);

        float[] device = RunNoise(keystream, new float[Rows * D], D, scale: 1f, radius: 1.0, decrypt: false).Samples;
        for (int i = 0; i < words.Length; i++)
        {
            (float cosine, float sine) = BoxMullerReference.Pair(words[i], fused: false);
            int block = i / 16 * 32, lane = i % 16;
            AssertSameBits(cosine, device[block + lane], words[i]);
            AssertSameBits(sine, device[block + 16 + lane], words[i]);
        }

        // The CPU fuses the series' multiply-adds: 1.0e-7 apart at worst (measured), for every sample.
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.True(Math.Abs(cpu[i] - device[i]) <= 2e-7 * (Math.Abs(cpu[i]) + 1), $"sample {i}: cpu {cpu[i]:R}, device {device[i]:R}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_of_zero_samples_takes_the_radius_along_its_first_axis_as_the_cpu_engine(bool decrypt)
    {
        // A low half of 0xFFFF draws u1 = 1, a zero radius: every sample of the row is zero.
        const int d = 64, words = d / 2;
        const uint radiusWord = 0x9E3779B9;
        uint[] keystream = new uint[words + 1];
        for (int i = 0; i < words; i++)
        {
            keystream[i] = ((uint)i * 0x08010000) | 0xFFFF;
        }

        keystream[words] = radiusWord;
        float[] x = TestData.Gaussian(new Random(119), d);
        const float scale = 2f;
        const double radius = 3.0;
        (float[] output, float[] samples) = RunNoise(keystream, x, d, scale, radius, decrypt);

        Assert.All(samples, s => Assert.Equal(0f, s));
        float r = (float)(radius * Math.Exp(Math.Log(((radiusWord >> 8) + 1) * (1.0 / (1 << 24))) / d));
        for (int i = 0; i < d; i++)
        {
            float n = i == 0 ? r : 0f;
            Assert.Equal(decrypt ? (x[i] - n) / scale : (scale * x[i]) + n, output[i]);
        }
    }

    private static void AssertSameBits(float expected, float actual, uint word)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            Assert.Fail($"word 0x{word:X8}: expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):X8}), got {actual:R} (0x{BitConverter.SingleToInt32Bits(actual):X8})");
        }
    }

    /// <summary>
    /// The noise kernel over rows of d, each row's d / 2 sample words followed by its radius word, with its row
    /// buffers in global memory, where the Gaussian samples stay for reading back.
    /// </summary>
    private static (float[] Output, float[] Samples) RunNoise(uint[] keystream, float[] input, int d, float scale, double radius, bool decrypt)
    {
        int rows = input.Length / d;
        using Context context = Context.Create(b => b.CPU().EnableAlgorithms());
        using Accelerator accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        var noise = accelerator.LoadKernel<ArrayView<uint>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, double, int, int>(DeviceKernels.Noise);
        using MemoryBuffer1D<uint, Stride1D.Dense> stream = accelerator.Allocate1D(keystream);
        using MemoryBuffer1D<float, Stride1D.Dense> x = accelerator.Allocate1D(input);
        using MemoryBuffer1D<float, Stride1D.Dense> output = accelerator.Allocate1D<float>(input.Length);
        using MemoryBuffer1D<float, Stride1D.Dense> work = accelerator.Allocate1D<float>(input.Length);
        var config = new KernelConfig(new Index1D(rows), new Index1D(Math.Min(256, accelerator.MaxNumThreadsPerGroup)), SharedMemoryConfig.RequestDynamic<float>(18));
        noise(accelerator.DefaultStream, config, stream.View, x.View, output.View, work.View, d, (d / 2) + 1, d / 2, scale, radius, decrypt ? 1 : 0, 0);
        accelerator.Synchronize();
        return (output.GetAsArray1D(), work.GetAsArray1D());
    }
}
