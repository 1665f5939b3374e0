namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Shut while a node warms up its hot endpoints (Host/ReadinessWarmUp.cs); <c>/health/ready</c> answers 503 until it opens, so a
/// load balancer sends a new node its traffic only once the first answers no longer pay for code run for the first time.
/// Open from the start where no warm-up runs.
/// </summary>
public sealed class WarmUpGate
{
    private volatile bool _open = true;

    public bool IsOpen => _open;

    /// <summary>Called once, before the host starts, by the warm-up that will open it.</summary>
    public void Shut() => _open = false;

    /// <summary>What the warm-up did (its requests, their answers, its time), shown with readiness; null where none ran.</summary>
    public string? Summary { get; private set; }

    public void Open(string summary)
    {
        Summary = summary;
        _open = true;
    }
}
