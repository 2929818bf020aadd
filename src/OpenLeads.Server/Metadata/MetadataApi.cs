using System.Security.Claims;
using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary><c>/crm/{version}/settings/fields</c> and <c>/crm/{version}/users</c>.</summary>
public static class MetadataApi
{
    public static RouteGroupBuilder MapMetadata(this RouteGroupBuilder crm)
    {
        crm.MapGet("/settings/fields", Fields).RequireZohoScope("settings", "fields", "READ");
        crm.MapGet("/settings/fields/{id}", Field).RequireZohoScope("settings", "fields", "READ");
        crm.MapGet("/users", Users).RequireZohoScope("users", null, "READ");
        return crm;
    }

    public static IResult Fields(Org org, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var fields = module!.Fields.Select((f, i) => ToDto(module, f, i)).ToArray();
        return ZohoResults.Json(StatusCodes.Status200OK,
            w => JsonSerializer.Serialize(w, new FieldsResponse(fields), MetadataJsonContext.Default.FieldsResponse));
    }

    public static IResult Field(Org org, string id, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var index = module!.Fields.ToList().FindIndex(f => ZohoJson.FormatId(f.Id) == id || f.ApiName == id);
        if (index < 0) return ZohoResults.NoContent();
        var dto = ToDto(module, module.Fields[index], index);
        return ZohoResults.Json(StatusCodes.Status200OK,
            w => JsonSerializer.Serialize(w, new FieldsResponse([dto]), MetadataJsonContext.Default.FieldsResponse));
    }

    /// <summary>Users by <c>type</c>: AllUsers and ActiveUsers (all), AdminUsers, CurrentUser.</summary>
    public static async Task<IResult> Users(HttpContext http, ClaimsPrincipal principal, IUserStore users, CancellationToken ct)
    {
        var all = await users.ListAsync(ct);
        var caller = principal.Caller();
        IEnumerable<UserRow> chosen = http.Request.Query["type"].ToString() switch
        {
            "" or "AllUsers" or "ActiveUsers" or "ConfirmedUsers" or "ActiveConfirmedUsers" => all,
            "AdminUsers" or "ActiveConfirmedAdmins" => all.Where(u => u.ProfileName == "Administrator"),
            "CurrentUser" => all.Where(u => u.Id == caller.Id),
            "DeactiveUsers" or "NotConfirmedUsers" or "DeletedUsers" => [],
            _ => null!,
        };
        if (chosen is null) return ZohoResults.Problem(ZohoErrors.InvalidParam("type"));
        var dtos = chosen.Select(u => new UserDto(ZohoJson.FormatId(u.Id), u.FirstName, u.LastName, u.FullName, u.Email,
            new NamedRefDto(u.RoleName, ZohoJson.FormatId(u.RoleId)), new NamedRefDto(u.ProfileName, ZohoJson.FormatId(u.ProfileId)),
            u.Status, true, ZohoJson.FormatDateTime(u.CreatedTime), "Etc/UTC", "en_US")).ToArray();
        if (dtos.Length == 0) return ZohoResults.NoContent();
        var response = new UsersResponse(dtos, new InfoDto(200, dtos.Length, 1, false));
        return ZohoResults.Json(StatusCodes.Status200OK, w => JsonSerializer.Serialize(w, response, MetadataJsonContext.Default.UsersResponse));
    }

    private static FieldDto ToDto(ModuleDefinition module, FieldDefinition field, int index)
    {
        var lookup = field.LookupTarget is { } target
            ? new LookupDto(field.Label, field.ApiName, new ModuleRefDto(target.ApiName, ZohoJson.FormatId(target.Id)), ZohoJson.FormatId(field.Id))
            : new LookupDto(null, null, null, null);
        var picks = field.PickList.Select((p, i) => new PickListValueDto(p.DisplayValue, p.ActualValue, p.DisplayValue,
            ZohoJson.FormatId(p.Id), i + 1, null, "used")).ToArray();
        var editable = !field.ReadOnly && !field.SystemManaged;
        var storable = field.Storage != FieldStorage.None;
        return new FieldDto(field.ApiName, field.Label, field.Label, field.DataType, field.JsonType, field.Length,
            field.DecimalPlace, field.ReadOnly || field.SystemManaged, field.ReadOnly, field.SystemMandatory, field.Custom, true,
            field.MassUpdate, new EmptyDto(), picks, lookup, ZohoJson.FormatId(field.Id), index + 1,
            field.Custom ? "custom" : "default", storable, storable, storable && field.Type is not FieldType.Boolean,
            new ViewTypeDto(true, editable, editable, editable), new OperationTypeDto(editable, editable, editable, editable));
    }
}
