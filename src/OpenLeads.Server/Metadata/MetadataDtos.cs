using System.Text.Json.Serialization;

namespace OpenLeads.Server.Metadata;

// Wire shapes of the settings and users APIs, kept apart from the definitions they are mapped from.

public sealed record FieldsResponse(IReadOnlyList<FieldDto> Fields);

public sealed record FieldDto(
    string ApiName, string FieldLabel, string DisplayLabel, string DataType, string JsonType, int? Length,
    int? DecimalPlace, bool ReadOnly, bool FieldReadOnly, bool SystemMandatory, bool CustomField, bool Visible,
    bool MassUpdate, EmptyDto Unique, IReadOnlyList<PickListValueDto> PickListValues, LookupDto Lookup, string Id,
    int SequenceNumber, string CreatedSource, bool Sortable, bool Filterable, bool Searchable,
    ViewTypeDto ViewType, OperationTypeDto OperationType);

public sealed record EmptyDto;

public sealed record PickListValueDto(string DisplayValue, string ActualValue, string ReferenceValue, string Id, int SequenceNumber,
    string? ColourCode, string Type);

public sealed record LookupDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DisplayLabel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApiName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModuleRefDto? Module,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

public sealed record ModuleRefDto(string ApiName, string Id);

public sealed record ViewTypeDto(bool View, bool Edit, bool QuickCreate, bool Create);

public sealed record OperationTypeDto(bool WebUpdate, bool ApiCreate, bool WebCreate, bool ApiUpdate);

public sealed record UsersResponse(IReadOnlyList<UserDto> Users, InfoDto Info);

public sealed record UserDto(
    string Id, string FirstName, string LastName, string FullName, string Email, NamedRefDto Role, NamedRefDto Profile,
    string Status, bool Confirm, string CreatedTime, string TimeZone, string Locale);

public sealed record NamedRefDto(string Name, string Id);

public sealed record InfoDto(int PerPage, int Count, int Page, bool MoreRecords);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FieldsResponse))]
[JsonSerializable(typeof(UsersResponse))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
