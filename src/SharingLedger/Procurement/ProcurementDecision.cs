namespace SharingLedger.Procurement;

/// <summary>What an invited member answers: "commit" (it will share the cost) or "decline".</summary>
public enum ProcurementDecision { Commit, Decline }
