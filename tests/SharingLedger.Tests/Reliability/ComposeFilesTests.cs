using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SharingLedger.Host;
using SharingLedger.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// The deployment files as docker compose would take them, checked without a Docker engine (there is none here): valid compose
/// (the compose specification's schema, through <c>dclint</c>), every setting they give the service one it reads (else it would
/// not start), every dependency waited for one its service can report, and the proxy's upstreams the nodes on the port the
/// image listens on.
/// </summary>
public class ComposeFilesTests
{
    private const string DclintVersion = "3.1.0";
    private const string ScaleOut = "docker-compose.scale-out.yml";

    private static readonly string[] FileNames = ["docker-compose.yml", ScaleOut];

    public static TheoryData<string> Files => new(FileNames);

    [Fact]
    public async Task The_compose_files_are_valid_compose()
    {
        var config = Path.Combine(Repository.Root, "deploy", "dclint.json");
        var (exit, output) = await Tool.RunAsync("npx", ["--yes", $"dclint@{DclintVersion}", "-c", config, "--max-warnings", "0", "--color", "false",
            .. FileNames.Select(f => Path.Combine(Repository.Root, f))], TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"dclint found problems (exit {exit}):\n{output}");
    }

    [Fact]
    public async Task The_schema_check_refuses_a_misspelt_key()
    {
        // What the test above relies on: dclint checks the compose schema, so a key compose does not know fails it.
        var broken = Path.Combine(Path.GetTempPath(), $"compose-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Path.Combine(Repository.Root, ScaleOut), TestContext.Current.CancellationToken))
            .Replace("start_interval:", "start_intervall:"), TestContext.Current.CancellationToken);
        try
        {
            var (exit, output) = await Tool.RunAsync("npx", ["--yes", $"dclint@{DclintVersion}", "-c", Path.Combine(Repository.Root, "deploy", "dclint.json"),
                "--color", "false", broken], TimeSpan.FromMinutes(3));
            Assert.NotEqual(0, exit);
            Assert.Contains("healthcheck", output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_setting_a_compose_file_gives_the_service_is_one_it_reads(string file)
    {
        var services = Services(file);
        var ledger = services.Where(s => s.Value.Children.ContainsKey("build")).ToList();
        Assert.NotEmpty(ledger);
        foreach (var (name, service) in ledger)
        {
            var environment = Flattened((YamlMappingNode)service["environment"]);
            var settings = environment.Keys.Where(k => k.Contains("__")).ToList();
            Assert.Contains("ConnectionStrings__Ledger", settings);
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(k => new KeyValuePair<string, string?>(k.Replace("__", ":"), environment[k]))).Build();
            var unknown = Settings.Unknown(configuration);
            Assert.True(unknown.Count == 0, $"{file}, service {name}: {string.Join(", ", unknown.Select(u => u.Name))} would stop it at start");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_dependency_waited_for_is_one_its_service_can_report(string file)
    {
        var services = Services(file);
        foreach (var (name, service) in services)
        {
            if (!service.Children.TryGetValue("depends_on", out var dependsOn)) continue;
            foreach (var (dependency, terms) in ((YamlMappingNode)dependsOn).Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
            {
                Assert.True(services.ContainsKey(dependency), $"{file}: {name} depends on {dependency}, which is not a service");
                var target = services[dependency];
                switch (((YamlScalarNode)terms["condition"]).Value)
                {
                    case "service_healthy":
                        Assert.True(target.Children.ContainsKey("healthcheck"), $"{file}: {name} waits for {dependency} to be healthy, which has no health check");
                        break;
                    case "service_completed_successfully":
                        Assert.True(target.Children.ContainsKey("command"), $"{file}: {name} waits for {dependency} to complete, which runs no one-off command");
                        Assert.Equal("no", ((YamlScalarNode)target["restart"]).Value);
                        break;
                    default:
                        Assert.Fail($"{file}: {name} waits for {dependency} only to start");
                        break;
                }
            }
        }
    }

    [Fact]
    public void The_proxy_sends_requests_to_every_node_on_the_port_the_image_listens_on_and_checks_the_path_the_nodes_do()
    {
        var services = Services(ScaleOut);
        var nodes = services.Where(s => s.Value.Children.ContainsKey("build") && !s.Value.Children.ContainsKey("command"))
            .Select(s => s.Key).Order().ToList();
        Assert.Equal(2, nodes.Count);
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));
        var port = Regex.Match(dockerfile, @"ASPNETCORE_URLS=http://0\.0\.0\.0:(\d+)").Groups[1].Value;
        Assert.Equal("8080", port);

        var caddyfile = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "Caddyfile"));
        var upstreams = Regex.Match(caddyfile, @"reverse_proxy ([^{\n]+)\{").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(nodes.Select(n => $"{n}:{port}"), upstreams.Order());
        Assert.Matches(@"health_uri /health/ready\s", caddyfile);

        // The nodes' own health check is the script the image holds, asking the same path.
        Assert.Contains("COPY --chmod=755 deploy/ready-check /app/ready-check", dockerfile);
        Assert.Contains("GET /health/ready ", File.ReadAllText(Path.Combine(Repository.Root, "deploy", "ready-check")));
        foreach (var node in nodes)
        {
            var test = (YamlSequenceNode)((YamlMappingNode)services[node]["healthcheck"])["test"];
            Assert.Equal(["CMD", "/app/ready-check"], test.Children.Select(c => ((YamlScalarNode)c).Value));
        }
    }

    private static Dictionary<string, YamlMappingNode> Services(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, file)))) yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        return services.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (YamlMappingNode)c.Value);
    }

    /// <summary>A mapping's entries with those of its YAML merge keys (<c>&lt;&lt;: *anchor</c>), its own entries winning.</summary>
    private static Dictionary<string, string?> Flattened(YamlMappingNode mapping)
    {
        var entries = new Dictionary<string, string?>();
        foreach (var (key, value) in mapping.Children)
        {
            if (((YamlScalarNode)key).Value == "<<")
                foreach (var (k, v) in Flattened((YamlMappingNode)value)) entries.TryAdd(k, v);
            else
                entries[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value;
        }
        return entries;
    }
}
