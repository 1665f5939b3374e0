namespace SharingLedger.Audit;

/// <summary>
/// One link of a consortium's tamper-evident hash chain: the event at <see cref="Id"/> (its global sequence) hashed
/// together with the hash of the consortium's previous link. Stored in the consortium's tenant; written only by
/// <see cref="HashChainProjection"/>.
/// </summary>
public sealed class ChainLink
{
    /// <summary>The event's global sequence number (mt_events.seq_id).</summary>
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public string Hash { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    /// <summary>The sequence of the consortium's previous link, or 0 for its first link.</summary>
    public long PreviousSequence { get; set; }
}

/// <summary>A point of the chain: a sequence and the chain's hash through it. Published as a closed period's digest.</summary>
public sealed record ChainDigest(long Sequence, string Hash);
