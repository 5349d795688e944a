using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VectaX.Collections;

/// <summary>
/// Bulk ingest: records are read in batches, encrypted on every core, and uploaded while the next batches are
/// encrypted, with at most <see cref="IngestOptions.MaxBatchesInFlight"/> encrypted batches held in memory.
/// Transient store failures (<see cref="StoreException.IsTransient"/>) are retried with exponential backoff, or after the wait a
/// rate-limited server asks for. Upserts are idempotent by point id, so a run
/// that failed can be started again from <see cref="IngestException.Acknowledged"/> (or from the start): no
/// point is lost and none is duplicated.
/// </summary>
public sealed class IngestPipeline(EncryptedCollection collection, IngestOptions? options = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly IngestOptions _options = options ?? new IngestOptions();

    /// <summary>Ingests <paramref name="records"/>, skipping the first <paramref name="skip"/> (a resumed run); returns the number acknowledged in total.</summary>
    public async Task<long> RunAsync(IEnumerable<PlainRecord> records, IProgress<IngestProgress>? progress = null, long skip = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var channel = Channel.CreateBounded<StoredPoint[]>(new BoundedChannelOptions(Math.Max(1, _options.MaxBatchesInFlight)) { SingleReader = true, SingleWriter = true });
        long acknowledged = skip;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        Task producer = Task.Run(
            async () =>
            {
                try
                {
                    foreach (PlainRecord[] batch in records.Skip((int)Math.Min(skip, int.MaxValue)).Chunk(Math.Max(1, _options.BatchSize)))
                    {
                        await channel.Writer.WriteAsync(collection.Prepare(batch), stop.Token).ConfigureAwait(false);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (StoredPoint[] batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                await UploadWithRetryAsync(batch, acknowledged, stop.Token).ConfigureAwait(false);
                acknowledged += batch.Length;
                progress?.Report(new IngestProgress(acknowledged));
            }
        }
        catch (Exception e) when (e is not IngestException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw new IngestException(acknowledged, e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }

        return acknowledged;
    }

    private async Task UploadWithRetryAsync(StoredPoint[] batch, long acknowledged, CancellationToken cancellationToken)
    {
        TimeSpan backoff = _options.InitialBackoff;
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                await collection.UploadAsync(batch, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StoreException e) when (attempt < _options.MaxAttempts && RetryDelay(e, backoff) is { } delay)
            {
                Log.UploadRetry(_logger, batch.Length, e.Kind, attempt + 1, delay);
                wait = delay;
            }
            catch (StoreException e)
            {
                throw new IngestException(acknowledged, e);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>How long to wait before retrying (null: do not): a rate limit's retry-after when it sent one no longer than allowed, else the backoff.</summary>
    private TimeSpan? RetryDelay(StoreException e, TimeSpan backoff) =>
        !e.IsTransient ? null
            : e.RetryAfter is not { } after ? backoff
            : after <= _options.MaxRetryAfter ? after
            : null;
}

/// <summary>Batch sizes, memory bound and retry policy of an <see cref="IngestPipeline"/>.</summary>
public sealed record IngestOptions
{
    /// <summary>Records per upload.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Encrypted batches waiting for upload at most: the memory bound.</summary>
    public int MaxBatchesInFlight { get; init; } = 4;

    /// <summary>Tries per batch before the run fails.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First wait after a transient failure; doubled each retry.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between tries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest retry-after a rate-limited server may ask for; a longer one fails the run (resume it later).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>How far an ingest has got: records acknowledged by the store.</summary>
public readonly record struct IngestProgress(long Acknowledged);

/// <summary>An ingest stopped; every record before <see cref="Acknowledged"/> is stored, so resume from there.</summary>
public sealed class IngestException : Exception
{
    /// <summary>Creates the error.</summary>
    public IngestException(long acknowledged, Exception innerException)
        : base($"Ingest stopped after {acknowledged} acknowledged records: {innerException?.Message}", innerException) => Acknowledged = acknowledged;

    /// <summary>Creates the error.</summary>
    public IngestException()
    {
    }

    /// <summary>Creates the error.</summary>
    public IngestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public IngestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Records stored before the failure: pass it as the skip of the next run.</summary>
    public long Acknowledged { get; }
}
