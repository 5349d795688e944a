using System.Runtime.ExceptionServices;

namespace VectaX;

/// <summary>Parallel.For that surfaces the first input error (VectaX, argument or state) itself, not wrapped in an AggregateException.</summary>
internal static class ParallelRows
{
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1 && e.InnerExceptions[0] is VectaXException or ArgumentException or InvalidOperationException)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
