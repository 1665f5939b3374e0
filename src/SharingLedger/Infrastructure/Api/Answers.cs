global using ProducesResponseTypeAttribute = Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute;

namespace SharingLedger.Infrastructure.Api;

/// <summary>The id of the resource a request created or changed.</summary>
public sealed record ResourceId(Guid Id);
