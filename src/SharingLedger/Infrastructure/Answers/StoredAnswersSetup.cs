using JasperFx.Events.Projections;
using Marten;

namespace SharingLedger.Infrastructure.Answers;

public static class StoredAnswersSetup
{
    /// <summary>
    /// Members' stored answers (obligations, statement) and the inline projection that stamps what changes them
    /// (docs/decisions.md, "A member's answers stored as sent"). Slices narrow which members their events concern by
    /// registering an <see cref="IAnswerScope"/>.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddStoredAnswers(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        marten.Services.ConfigureMarten(StoredAnswerFeature.Configure);
        marten.Services.AddSingleton<AnswerFlights>(); // a stale answer worked out once per node for the requests that want it at once
        marten.Services.AddSingleton<ConsortiumMemo>(); // a consortium's figure kept per node while its stamp holds
        return marten.AddProjectionWithServices<AnswerInvalidation>(ProjectionLifecycle.Inline, ServiceLifetime.Singleton, p => p.Name = "StoredAnswers");
    }
}
