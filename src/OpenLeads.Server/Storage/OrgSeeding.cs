using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// Puts the org's users, territories and custom views in the database at every start: users as the
/// org defines them (added or brought up to date), territories and views only where their id is new,
/// so views and territories made since, and renames done through the API, are kept.
/// </summary>
public static class OrgSeeding
{
    public static async Task EnsureAsync(ISqlSession sql, Org org, CancellationToken ct)
    {
        foreach (var user in org.Users)
        {
            await sql.ExecuteAsync("""
                INSERT INTO users (id, first_name, last_name, full_name, email, role_name, role_id, profile_name, profile_id, status, created_time)
                VALUES (@id, @first, @last, @full, @email, @role, @roleId, @profile, @profileId, @status, @created)
                ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name, full_name = excluded.full_name,
                    email = excluded.email, role_name = excluded.role_name, role_id = excluded.role_id, profile_name = excluded.profile_name,
                    profile_id = excluded.profile_id, status = excluded.status
                """, ct,
                ("@id", user.Id), ("@first", user.FirstName), ("@last", user.LastName), ("@full", user.FullName),
                ("@email", user.Email), ("@role", user.RoleName), ("@roleId", user.RoleId), ("@profile", user.ProfileName),
                ("@profileId", user.ProfileId), ("@status", user.Status), ("@created", sql.Dialect.Time(user.CreatedTime)));
        }
        // Parents before their children: a territory refers to the one it reports to.
        foreach (var territory in ParentsFirst(org.Territories))
        {
            await sql.ExecuteAsync("""
                INSERT INTO territories (id, name, parent_id, description) VALUES (@id, @name, @parent, @description)
                ON CONFLICT (id) DO NOTHING
                """, ct, ("@id", territory.Id), ("@name", territory.Name), ("@parent", territory.ParentId), ("@description", territory.Description));
        }
        var now = sql.Dialect.Time(DateTimeOffset.UtcNow);
        foreach (var view in org.Views)
        {
            await sql.ExecuteAsync("""
                INSERT INTO custom_views (id, module, name, criteria, system_name, created_by, created_time, modified_time)
                VALUES (@id, @module, @name, @criteria, @system, @by, @now, @now)
                ON CONFLICT (id) DO NOTHING
                """, ct, ("@id", view.Id), ("@module", view.Module), ("@name", view.Name), ("@criteria", view.Criteria),
                ("@system", view.SystemName), ("@by", org.Administrator.Id), ("@now", now));
        }
    }

    private static IEnumerable<Territory> ParentsFirst(IReadOnlyList<Territory> territories)
    {
        var placed = new HashSet<long>();
        var left = territories.ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(t => t.ParentId is null || placed.Contains(t.ParentId.Value) || territories.All(p => p.Id != t.ParentId)).ToList();
            if (ready.Count == 0) ready = left; // a cycle: the database's foreign key will say which
            foreach (var territory in ready)
            {
                placed.Add(territory.Id);
                left.Remove(territory);
                yield return territory;
            }
        }
    }
}
