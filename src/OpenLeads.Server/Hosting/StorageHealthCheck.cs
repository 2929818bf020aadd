using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Hosting;

/// <summary><c>/health</c> is healthy when the database answers.</summary>
public sealed class StorageHealthCheck(IAdminStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await store.PingAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
