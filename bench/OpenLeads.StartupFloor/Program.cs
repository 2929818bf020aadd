// The smallest ASP.NET Core server: the slim host builder, Kestrel and one healthy answer, nothing read, nothing stored.
// Published and started as the server is (ReadyToRun, the same runtime settings), it is what a start costs before any OpenLeads code.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/health", () => "Healthy");
app.Run();
