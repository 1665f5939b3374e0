namespace SharingLedger.Membership;

public enum MemberKind { Academic, Public, School, Special, Enterprise }
