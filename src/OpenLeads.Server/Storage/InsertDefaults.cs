using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>What every store fills in when an insert does not say.</summary>
public static class InsertDefaults
{
    /// <summary>The owner and stamps are the writer's; a checkbox is unticked; anything else is empty.</summary>
    public static object? For(FieldDefinition field, WriteContext context) => field.ApiName switch
    {
        "Owner" or "Created_By" or "Modified_By" => context.User.Id,
        "Created_Time" or "Modified_Time" or "Last_Activity_Time" => context.Now,
        _ when field.Type == FieldType.Boolean => false,
        _ => null,
    };
}
