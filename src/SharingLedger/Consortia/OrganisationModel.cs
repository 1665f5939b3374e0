namespace SharingLedger.Consortia;

/// <summary>How the members are arranged (domain brief, section 1).</summary>
public enum OrganisationModel { CentralLibrary, MultiLevel, Parallel, VirtualCentre }

/// <summary>Who decides (domain brief, section 1).</summary>
public enum GovernanceModel { Council, Agreement, CoConstruction }
