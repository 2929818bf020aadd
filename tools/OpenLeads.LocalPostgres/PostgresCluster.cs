using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenLeads.LocalPostgres;

/// <summary>
/// The PostgreSQL server the tests (and the benchmark) use: <c>OPENLEADS_TEST_PG</c> (a connection string to a server
/// the tests may create a database on) when set; otherwise a throwaway cluster made with the
/// machine's own PostgreSQL binaries (<c>initdb</c>, <c>pg_ctl</c>) in a temporary directory on a
/// free port, stopped and removed when the test process ends. Each test gets a schema of its own in one database made for the run.
/// When neither is possible the tests fail with a message saying what to install: never skipped.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(() => Start(durable: false), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _adminConnectionString;

    private readonly string _testConnectionString;

    private PostgresCluster(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        // One database for the whole run, made fresh so that nothing of an earlier run is in it.
        var database = "openleads_tests_" + Guid.NewGuid().ToString("N")[..8];
        Execute($"CREATE DATABASE {database}");
        _testConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ToString();
    }

    /// <summary>The tests' cluster: durability off, since it lives for one test run.</summary>
    public static PostgresCluster Instance => Shared.Value;

    /// <summary>A cluster with PostgreSQL's default durability (fsync, synchronous commit), for measurements.</summary>
    public static PostgresCluster StartDurable() => Start(durable: true);

    /// <summary>The run's database (no schema of a test's own): where something that makes its own schemas may make them.</summary>
    public string RunConnectionString => _testConnectionString;

    /// <summary>An existing server, through a connection allowed to create databases.</summary>
    public static PostgresCluster Connect(string adminConnectionString) => new(adminConnectionString);

    /// <summary>
    /// Creates an empty schema of its own for one test and returns a connection string whose search
    /// path is that schema: as isolated as a database of its own, without CREATE DATABASE's checkpoints.
    /// </summary>
    public string CreateDatabase()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(_testConnectionString) { SearchPath = schema }.ToString();
    }

    /// <summary>A new database of its own (not a schema): empty, or a copy of <paramref name="template"/>, which must have no connections.</summary>
    public string CreateDatabaseOfItsOwn(string? template = null)
    {
        var name = "openleads_" + Guid.NewGuid().ToString("N")[..16];
        Execute(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {new NpgsqlConnectionStringBuilder(template).Database}");
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ToString();
    }

    public void DropDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        Execute(builder.SearchPath is { Length: > 0 } schema
            ? $"DROP SCHEMA IF EXISTS {schema} CASCADE"
            : $"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_testConnectionString ?? _adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgresCluster Start(bool durable)
    {
        var given = Environment.GetEnvironmentVariable("OPENLEADS_TEST_PG");
        if (!string.IsNullOrWhiteSpace(given)) return new PostgresCluster(given);

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL tests need a server: set OPENLEADS_TEST_PG to a connection string, or install PostgreSQL " +
            "(Debian: apt-get install -y postgresql) so that initdb and pg_ctl exist. ./test.sh installs it when run as root.");
        RemoveStaleClusters();
        var directory = Directory.CreateTempSubdirectory(Prefix).FullName;
        var data = Path.Combine(directory, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "-R", "postgres:postgres", directory);

        Run(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var durability = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        Run(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300{durability}", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, bin, directory);
        return new PostgresCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20");
    }

    private const string Prefix = "openleads-pg-";

    /// <summary>
    /// Stops the cluster and removes its directory from a detached shell: the test host may be torn
    /// down before its exit handlers finish, and the shell outlives it.
    /// </summary>
    private static void Stop(bool asRoot, string bin, string directory)
    {
        var pgCtl = $"{(asRoot ? "runuser -u postgres -- " : "")}'{Path.Combine(bin, "pg_ctl")}' -D '{Path.Combine(directory, "data")}' -m immediate -w stop";
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in (string[])["sh", "-c", $"{pgCtl} >/dev/null 2>&1; rm -rf '{directory}'"]) info.ArgumentList.Add(arg);
        Process.Start(info)?.Dispose();
    }

    /// <summary>Clusters of test runs that were killed before they could clean up: their postmaster is gone.</summary>
    private static void RemoveStaleClusters()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            var running = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && IsRunning(pid);
            if (!running && Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-10)) DeleteDirectory(directory);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Deletes a directory, retrying while the server's last processes let go of their files.</summary>
    private static void DeleteDirectory(string directory)
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            try
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 20) Console.Error.WriteLine($"Could not remove {directory}: {e.Message}");
                Thread.Sleep(100);
            }
        }
    }

    private static string? FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OPENLEADS_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian).Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(bool asPostgresUser, string program, params string[] args) =>
        Run(asPostgresUser ? "runuser" : program, asPostgresUser ? ["-u", "postgres", "--", program, .. args] : args);

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }
}
