namespace SharingLedger.Tests.Support;

/// <summary>Base of the HTTP tests: the shared host and a client for it.</summary>
public abstract class LedgerTest(LedgerHost host)
{
    protected LedgerHost Host { get; } = host;
    protected LedgerApi Api { get; } = new(host.Host);
}
