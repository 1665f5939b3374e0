using SharingLedger.Loans.Import;

namespace SharingLedger.Tests.Loans;

/// <summary>The import's read-ahead: the lines come out as the file has them, a reading failure surfaces where it happened, stopping early stops the reading.</summary>
public class ReadAheadTests
{
    [Fact]
    public void Every_item_comes_out_once_and_in_order_across_blocks()
    {
        var items = ReadAhead.Of(Enumerable.Range(1, 10_001), blockSize: 100, blocksAhead: 2).ToList();

        Assert.Equal(10_001, items.Count);
        Assert.Equal(Enumerable.Range(1, 10_001), items);
    }

    [Fact]
    public void A_failure_of_the_source_comes_after_the_items_read_before_it()
    {
        static IEnumerable<int> Failing()
        {
            for (var i = 1; i <= 250; i++) yield return i;
            throw new InvalidDataException("line 251 cannot be read");
        }
        var seen = new List<int>();

        var failure = Assert.Throws<InvalidDataException>(() => { foreach (var i in ReadAhead.Of(Failing(), blockSize: 100)) seen.Add(i); });

        Assert.Equal("line 251 cannot be read", failure.Message);
        Assert.Equal(Enumerable.Range(1, 250), seen);
    }

    [Fact]
    public void Stopping_early_stops_the_reader_before_returning()
    {
        var produced = 0;
        IEnumerable<int> Endless()
        {
            for (var i = 0; ; i++) { Interlocked.Increment(ref produced); yield return i; }
        }

        var first = ReadAhead.Of(Endless(), blockSize: 10, blocksAhead: 2).Take(5).ToList();
        var afterStop = Volatile.Read(ref produced);
        Thread.Sleep(50);

        Assert.Equal([0, 1, 2, 3, 4], first);
        Assert.Equal(afterStop, Volatile.Read(ref produced)); // nothing more is read once the consumer is done
    }
}
