using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>What every store fills in when an insert does not say.</summary>
public static class InsertDefaults
{
    /// <summary>The owner and stamps are the writer's; a checkbox is unticked; anything else is empty.</summary>
    public static object? For(FieldDefinition field, WriteContext context) => field.ApiName switch
    {
        SystemFields.Owner or SystemFields.CreatedBy or SystemFields.ModifiedBy => context.User.Id,
        SystemFields.CreatedTime or SystemFields.ModifiedTime or SystemFields.LastActivityTime => context.Now,
        _ when field.Type == FieldType.Boolean => false,
        _ => null,
    };
}
