using System.Diagnostics;
using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Reconciliation;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// A year's reconciliation written as CSV (<see cref="ReconciliationCsv"/>) for <c>costs</c> shared by <c>members</c> each, in memory, to
/// a stream that only counts (issue 14, a national year's download): the time and the bytes allocated per file. The texts carry what
/// the CSV quotes (commas, quotes, formula-like codes), some costs no agreement version or a rate to base.
/// </summary>
public static class ReconciliationCsvRun
{
    public static async Task RunAsync(int memberCount, int costCount, int runs)
    {
        var members = Enumerable.Range(0, memberCount).Select(i => (Id: Guid.CreateVersion7(), Code: i % 500 == 0 ? $"=LIB{i:D5}" : $"LIB{i:D5}")).ToArray();
        Money Usd(long minor) => new(minor, "USD");
        var lines = Enumerable.Range(0, costCount).Select(s => new ReconciliationLine("subscription", Guid.CreateVersion7(), $"Database, \"{s}\" term 1",
            $"Vendor {s % 17}", new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), Usd(100_000L * memberCount),
            new InvoiceFigures($"INV-{s}", new LocalDate(2026, 1, 15), Usd(100_000L * memberCount), s % 4 == 0 ? 1.0823m : null, Usd(100_000L * memberCount)),
            Usd(-150), Usd(100_000L * memberCount), Usd(0), s % 2 == 0, s % 3 == 0 ? null : 1, 1,
            [.. members.Select(m => new ReconciledShare(m.Id, m.Code, Usd(100_000)))])).ToList();
        var report = new ReconciliationReport(Guid.CreateVersion7(), 2026, "USD", Usd(1), Usd(1), Usd(0), true, lines);
        for (var run = 0; run < runs; run++)
        {
            var allocated = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            var file = new CountingStream();
            await ReconciliationCsv.WriteAsync(report, file, CancellationToken.None);
            Console.WriteLine($"{costCount} costs of {memberCount} shares: {clock.ElapsedMilliseconds} ms, {file.Length / 1e6:F1} MB, " +
                              $"{(GC.GetTotalAllocatedBytes(true) - allocated) / 1e6:F0} MB allocated");
        }
    }

    /// <summary>Where the file goes: counted, not kept.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            _length += count;
            return Task.CompletedTask;
        }
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
