using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Dues;

/// <summary>What the Dues slice registers: its Marten projections and indexes, and the services other slices find it by.</summary>
public static class DuesSetup
{
    public static IServiceCollection AddDues(this IServiceCollection services)
    {
        services.AddSingleton<Obligations.IObligationSource, DuesObligations>();
        services.AddSingleton<Obligations.IKeptBeside>(DuesAssessmentProjection.Items);
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Add(new DuesAssessmentProjection(), ProjectionLifecycle.Inline);
            opts.Schema.For<DuesAssessment>().Index(d => d.ConsortiumId);
        });
        return services;
    }
}
