using System.Runtime.ExceptionServices;

namespace VectaX;

/// <summary>
/// Parallel.For that surfaces an input error (VectaX, argument or state) itself, not wrapped in an AggregateException,
/// and always the one of the lowest index that fails, however the iterations were scheduled: a batch names its first
/// bad row. Iterations above a failure already seen are skipped; those below it still run, to find an earlier one.
/// </summary>
public static class ParallelRows
{
    /// <summary>Runs <paramref name="body"/> for rows 0 to <paramref name="count"/> - 1 on at most <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit), rethrowing the lowest failing row's input error.</summary>
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        int first = int.MaxValue;
        Exception? error = null;
        object gate = new();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            if (i > Volatile.Read(ref first))
            {
                return;
            }

            try
            {
                body(i);
            }
            catch (Exception e) when (e is VectaXException or ArgumentException or InvalidOperationException)
            {
                lock (gate)
                {
                    if (i < first)
                    {
                        error = e;
                        Volatile.Write(ref first, i);
                    }
                }
            }
        });

        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }
}
