using System.Text;
using System.Xml;
using System.Xml.Linq;
using SharingLedger.Iso18626;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// The ISO 18626 schema is part of the service: embedded in the assembly, compiled at start, and never looked for on
/// the file system, so a clone of the repository alone (no ../shared) validates every message.
/// </summary>
public class Iso18626SchemaTests
{
    [Fact]
    public void The_schema_is_embedded_in_the_service_and_compiles()
    {
        Assert.Contains(Iso18626Schema.ResourceName, typeof(Iso18626Schema).Assembly.GetManifestResourceNames());
        Iso18626Schema.EnsureLoaded();
        var set = Iso18626Schema.Set;
        Assert.True(set.IsCompiled);
        Assert.NotNull(set.GlobalElements[new XmlQualifiedName("ISO18626Message", Iso18626Schema.Namespace)]);
        Assert.NotNull(set.GlobalElements[new XmlQualifiedName("requestConfirmation", Iso18626Schema.Namespace)]);
    }

    [Fact]
    public void A_missing_or_broken_schema_is_an_error_not_a_skipped_validation()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => Iso18626Schema.FromResource(typeof(Iso18626Schema).Assembly, "SharingLedger.no-such.xsd"));
        Assert.Contains("not embedded", missing.Message);

        var broken = Assert.Throws<InvalidOperationException>(() => Iso18626Schema.Compile(new MemoryStream(Encoding.UTF8.GetBytes(
            """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://illtransactions.org/2013/iso18626"><xs:element name="x" type="nope"/>"""))));
        Assert.Contains("cannot be compiled", broken.Message);

        var otherNamespace = Assert.Throws<InvalidOperationException>(() => Iso18626Schema.Compile(new MemoryStream(Encoding.UTF8.GetBytes(
            """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other"><xs:element name="x" type="xs:string"/></xs:schema>"""))));
        Assert.Contains("cannot be compiled", otherNamespace.Message);
    }

    [Fact]
    public void A_message_the_reader_alone_would_take_is_refused_when_it_breaks_the_schema()
    {
        var valid = Iso18626Client.Request("ISIL:US-BBB", "ISIL:US-AAA", "ILL-S1");
        Assert.IsType<Iso18626Parsed>(Iso18626Xml.Parse(Encoding.UTF8.GetBytes(valid), Iso18626Schema.Set));

        // Header complete and every element the mapping reads present, but an element the schema does not allow.
        var extra = valid.Replace("</bibliographicInfo>", "</bibliographicInfo><colour>red</colour>");
        var refused = Assert.IsType<Iso18626Unreadable>(Iso18626Xml.Parse(Encoding.UTF8.GetBytes(extra), Iso18626Schema.Set));
        Assert.Equal(Iso18626Kind.Request, refused.Kind);
        Assert.Equal("UnrecognisedDataElement", refused.ErrorType);
        Assert.Contains("colour", refused.Reason);
        Assert.NotNull(refused.Header);
        Assert.Equal("ILL-S1", refused.Header!.RequestId);
        Assert.Equal("ISO18626Message", XDocument.Parse(extra).Root!.Name.LocalName);
    }
}
