namespace SharingLedger.Tests.Architecture;

/// <summary>The loop finder and the source reader on tiny made-up inputs, so the architecture tests can be trusted to fail.</summary>
public class SliceGraphTests
{
    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Graph(params (string From, string To)[] edges) =>
        edges.SelectMany(e => new[] { e.From, e.To }).Distinct()
            .ToDictionary(v => v, v => (IReadOnlySet<string>)edges.Where(e => e.From == v).Select(e => e.To).ToHashSet());

    [Fact]
    public void A_graph_that_points_one_way_has_no_loop()
    {
        Assert.Empty(SliceGraph.Cycles(Graph(("Membership", "Consortia"), ("Dues", "Membership"), ("Dues", "Consortia"), ("Dues", "Infrastructure"))));
    }

    [Fact]
    public void A_new_import_back_is_found_as_a_loop_from_the_first_folder()
    {
        var cycles = SliceGraph.Cycles(Graph(("Agreements", "InKind"), ("InKind", "Agreements"), ("InKind", "Infrastructure")));

        Assert.Equal([["Agreements", "InKind", "Agreements"]], cycles);
    }

    [Fact]
    public void A_longer_loop_is_found_once_with_each_step_and_a_folder_outside_it_is_left_out()
    {
        var cycles = SliceGraph.Cycles(Graph(("C", "A"), ("A", "B"), ("B", "C"), ("B", "D"), ("D", "E"), ("E", "D")));

        Assert.Equal([["A", "B", "C", "A"], ["D", "E", "D"]], cycles);
    }

    [Fact]
    public void The_reader_counts_usings_and_qualified_names_but_not_comments_or_strings()
    {
        var root = Directory.CreateTempSubdirectory("slices-").FullName;
        try
        {
            void Write(string path, string text)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
                File.WriteAllText(Path.Combine(root, path), text);
            }
            Write("Loans/Loan.cs", "using SharingLedger.Agreements;\nnamespace SharingLedger.Loans;\npublic class Loan { }");
            Write("Agreements/Agreement.cs", "namespace SharingLedger.Agreements;\npublic record Agreement(Loans.LendingFees Fees);");
            Write("Dues/Dues.cs", "namespace SharingLedger.Dues;\n// Loans.Loan is read elsewhere\npublic class D { string s = \"Loans.Loan\"; }");

            var graph = SliceGraph.Read(root);

            Assert.Equal(["Agreements"], graph["Loans"].Keys);
            Assert.Equal("Agreements/Agreement.cs", graph["Agreements"]["Loans"]);
            Assert.Empty(graph["Dues"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
