using System.Text;
using System.Text.RegularExpressions;

namespace SharingLedger.Tests.Architecture;

/// <summary>
/// Which top-level folder of the service uses which, read from the source: a folder is a slice (its namespace
/// <c>SharingLedger.X</c>), and a file of folder A uses folder B when its code (comments and string literals left out) has
/// <c>using SharingLedger.B…</c>, a name qualified with <c>SharingLedger.B.</c>, or, inside the service's namespace, one
/// qualified with <c>B.</c> (as in <c>Loans.LendingFees</c>).
/// </summary>
public static partial class SliceGraph
{
    /// <summary>Folder → folders it uses → the first file (relative path) that does.</summary>
    public static Dictionary<string, SortedDictionary<string, string>> Read(string serviceRoot, IEnumerable<string>? skip = null)
    {
        var skipped = new HashSet<string>(skip ?? [], StringComparer.Ordinal) { "bin", "obj" };
        var folders = Directory.GetDirectories(serviceRoot).Select(Path.GetFileName).OfType<string>().Where(f => !skipped.Contains(f)).ToHashSet();
        // A folder is named in code by its namespace, which is the folder's name unless its files say otherwise (Console/ is
        // SharingLedger.WebConsole, so that System.Console stays Console).
        var folderOf = folders.ToDictionary(f => NamespaceOf(Path.Combine(serviceRoot, f)) ?? f, f => f);
        var qualified = new Regex(@"(?<![\w.])(?:global::)?(?:SharingLedger\.)?(?<folder>" + string.Join("|", folderOf.Keys.Select(Regex.Escape)) + @")\.[A-Z_]",
            RegexOptions.CultureInvariant);
        var graph = folders.ToDictionary(f => f, _ => new SortedDictionary<string, string>(StringComparer.Ordinal));
        foreach (var folder in folders.Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(serviceRoot, folder), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(serviceRoot, file).Replace('\\', '/');
                if (relative.Split('/').Any(skipped.Contains)) continue;
                var code = CodeOnly(File.ReadAllText(file));
                var used = UsingDirective().Matches(code).Select(m => m.Groups["folder"].Value)
                    .Concat(qualified.Matches(code).Select(m => m.Groups["folder"].Value))
                    .Select(name => folderOf.GetValueOrDefault(name, name));
                foreach (var target in used)
                    if (target != folder && folders.Contains(target)) graph[folder].TryAdd(target, relative);
            }
        }
        return graph;
    }

    /// <summary>The namespace most of a folder's files declare under SharingLedger (its first segment), if any.</summary>
    private static string? NamespaceOf(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Regex.Match(File.ReadAllText(f), @"^namespace\s+SharingLedger\.(\w+)", RegexOptions.Multiline))
            .Where(m => m.Success).GroupBy(m => m.Groups[1].Value).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?SharingLedger\.(?<folder>\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>The source without comments and without the text of string and character literals (a route or SQL is not a dependency).</summary>
    public static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/') { while (i < source.Length && source[i] != '\n') i++; continue; }
            if (c == '/' && next == '*') { var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal); i = end < 0 ? source.Length : end + 2; continue; }
            if (c == '\'') { i = SkipQuoted(source, i + 1, '\'', verbatim: false); code.Append("' '"); continue; }
            if (c == '"' || ((c is '@' or '$') && (next == '"' || (next is '@' or '$' && i + 2 < source.Length && source[i + 2] == '"'))))
            {
                var start = i;
                while (source[i] != '"') i++;
                var verbatim = source.AsSpan(start, i - start).Contains('@');
                if (source.AsSpan(i).StartsWith("\"\"\""))
                {
                    var quotes = 0;
                    while (i < source.Length && source[i] == '"') { quotes++; i++; }
                    var end = source.IndexOf(new string('"', quotes), i, StringComparison.Ordinal);
                    i = end < 0 ? source.Length : end + quotes;
                }
                else i = SkipQuoted(source, i + 1, '"', verbatim);
                code.Append("\"\"");
                continue;
            }
            code.Append(c);
            i++;
        }
        return code.ToString();
    }

    private static int SkipQuoted(string source, int i, char quote, bool verbatim)
    {
        while (i < source.Length)
        {
            if (!verbatim && source[i] == '\\') { i += 2; continue; }
            if (source[i] == quote)
            {
                if (verbatim && i + 1 < source.Length && source[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /// <summary>
    /// Every loop of the graph: for each strongly connected set of two or more folders (Tarjan), one cycle through it, starting
    /// at the folder that sorts first and ending where it began (A → B → A). Empty when no folder imports back into another.
    /// </summary>
    public static List<List<string>> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Targets(graph, v))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) components.Add(component);
        }
        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v)) Visit(v);
        return components.Select(c => CycleWithin(graph, c.ToHashSet())).OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }

    /// <summary>The shortest way from the first folder of a strongly connected set back to itself, inside the set.</summary>
    private static List<string> CycleWithin(IReadOnlyDictionary<string, IReadOnlySet<string>> graph, HashSet<string> component)
    {
        var start = component.Order(StringComparer.Ordinal).First();
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in Targets(graph, v).Where(component.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { start };
                    for (var at = v; at != start; at = previous[at]) path.Insert(1, at);
                    path.Add(start);
                    return path;
                }
                if (previous.TryAdd(w, v)) queue.Enqueue(w);
            }
        }
        throw new InvalidOperationException("A strongly connected set always has a cycle.");
    }

    private static IEnumerable<string> Targets(IReadOnlyDictionary<string, IReadOnlySet<string>> graph, string v) =>
        graph.TryGetValue(v, out var targets) ? targets.Order(StringComparer.Ordinal) : [];
}
