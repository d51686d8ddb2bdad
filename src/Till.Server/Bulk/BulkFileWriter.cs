using Till.Bulk;
using Till.Storage;

namespace Till.Server.Bulk;

/// <summary>
/// The JSONL file of one running operation, written to the database in chunks: lines gather in a
/// buffer of at most about <see cref="ChunkBytes"/>, each full buffer is one chunk row, and a
/// checkpoint writes what is left with the operation's progress in one unit. Chunks written after
/// the last checkpoint are dropped when another node resumes, so every line is in the file once.
/// </summary>
internal sealed class BulkFileWriter(ITillStore store, BulkOperation operation, string owner) : IDisposable
{
    /// <summary>The size a chunk is cut at.</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly MemoryStream buffer = new();
    private readonly List<byte[]> full = [];

    public int ChunkCount { get; private set; } = operation.ChunkCount;

    public long FileSize { get; private set; } = operation.FileSize;

    public void WriteLine(byte[] line)
    {
        buffer.Write(line);
        FileSize += line.Length;
        if (buffer.Length >= ChunkBytes)
        {
            full.Add(buffer.ToArray());
            buffer.SetLength(0);
        }
    }

    /// <summary>Writes the chunks that are full (each its own unit), keeping memory bounded within a long page.</summary>
    public async Task FlushFullAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in full)
        {
            var seq = ChunkCount++;
            var kept = await store.WriteAsync(async work =>
            {
                var ok = await work.WriteBulkChunkAsync(operation.ShopId, operation.Id, owner, seq, chunk).ConfigureAwait(false);
                return new Written<bool>(ok, ok);
            }, cancellationToken).ConfigureAwait(false);
            if (!kept)
            {
                throw new OperationCanceledException("The bulk operation's lease was lost.");
            }
        }

        full.Clear();
    }

    /// <summary>Writes the rest with the checkpoint; false when the runner no longer holds the operation (nothing is then kept).</summary>
    public async Task<bool> CheckpointAsync(string? cursor, long objects, long roots, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await FlushFullAsync(cancellationToken).ConfigureAwait(false);
        var rest = buffer.Length > 0 ? buffer.ToArray() : null;
        var seq = ChunkCount;
        var chunks = rest is null ? seq : seq + 1;
        var kept = await store.WriteAsync(async work =>
        {
            if (rest is not null)
            {
                if (!await work.WriteBulkChunkAsync(operation.ShopId, operation.Id, owner, seq, rest).ConfigureAwait(false))
                {
                    return new Written<bool>(false, false);
                }
            }

            var ok = await work.CheckpointBulkOperationAsync(operation.ShopId, operation.Id, owner, new BulkProgress(cursor, chunks, objects, roots, FileSize), leaseUntil).ConfigureAwait(false);
            return new Written<bool>(ok, ok);
        }, cancellationToken).ConfigureAwait(false);
        if (kept)
        {
            ChunkCount = chunks;
            buffer.SetLength(0);
        }

        return kept;
    }

    public void Dispose() => buffer.Dispose();
}
