using System.Collections.Concurrent;

namespace SharingLedger.Loans.Import;

/// <summary>
/// Reads a sequence on a thread of its own, a few blocks ahead of the one who consumes it, in the same order: a history
/// import parses the next lines of its file while the current ones are decided. The source's failure is rethrown to the
/// consumer where it happened; a consumer that stops early stops the reading.
/// </summary>
public static class ReadAhead
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int blockSize = 2_048, int blocksAhead = 8)
    {
        using var blocks = new BlockingCollection<List<T>>(blocksAhead);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var reader = Task.Run(() =>
        {
            var block = new List<T>(blockSize);
            try
            {
                foreach (var item in source)
                {
                    block.Add(item);
                    if (block.Count < blockSize) continue;
                    blocks.Add(block, stop.Token);
                    block = new List<T>(blockSize);
                }
                if (block.Count > 0) blocks.Add(block, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e)
            {
                failure = e; // rethrown after what was read before it
                try { if (block.Count > 0) blocks.Add(block, stop.Token); }
                catch (OperationCanceledException) { } // the consumer stopped: it wants neither
            }
            finally { blocks.CompleteAdding(); }
        });
        try
        {
            foreach (var block in blocks.GetConsumingEnumerable())
                foreach (var item in block) yield return item;
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        finally
        {
            stop.Cancel();
            reader.Wait(); // the source is the caller's (a reader it disposes): done with it before control returns
        }
    }
}
