using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger.Exports;

/// <summary>One cell of an export: text, an amount (a decimal in its currency's minor-unit scale), a whole number, or a date.</summary>
public abstract record XlsxCell
{
    public static XlsxCell Text(string? value) => new TextCell(value ?? "");
    public static XlsxCell Amount(Money money) => new NumberCell(money.Minor / Pow10(money.MinorUnits), money.MinorUnits);
    public static XlsxCell Whole(long? value) => value is null ? new TextCell("") : new NumberCell(value.Value, 0);
    public static XlsxCell Date(LocalDate date) => new DateCell(date);

    private static decimal Pow10(int n) => n switch { 0 => 1m, 2 => 100m, 3 => 1000m, 4 => 10000m, _ => throw new ArgumentOutOfRangeException(nameof(n)) };
}

public sealed record TextCell(string Value) : XlsxCell;
/// <summary>An exact decimal shown with <paramref name="Scale"/> decimal places (0, 2, 3 or 4).</summary>
public sealed record NumberCell(decimal Value, int Scale) : XlsxCell;
public sealed record DateCell(LocalDate Value) : XlsxCell;

public sealed record XlsxSheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<XlsxCell>> Rows);

/// <summary>
/// Writes a workbook with the Open XML SDK (no autofit, no System.Drawing). Numbers are written from decimals, so a cell
/// holds exactly the amount (never a binary float rounding), with a number format of the currency's decimal places;
/// dates are real date cells (serial days) formatted yyyy-mm-dd; the header row is bold and frozen.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Style indexes in the stylesheet below.
    private const uint BoldStyle = 1, DateStyle = 2, FirstNumberStyle = 3; // then scale 0, 2, 3, 4
    private static readonly int[] Scales = [0, 2, 3, 4];
    private static readonly LocalDate Epoch = new(1899, 12, 30);

    public static byte[] Write(params XlsxSheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                WriteRows(part, sheet);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
            }
        }
        return stream.ToArray();
    }

    private static SheetViews FrozenHeader() =>
        new(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
            { WorkbookViewId = 0 });

    /// <summary>
    /// The sheet written a row at a time (the SDK's <see cref="OpenXmlWriter"/>), each row made only when it is written: built whole as
    /// one element tree, a national consortium's 310,000 postings (5.3 million cells) took 20 s and 2.3 GB of memory
    /// (docs/decisions.md, "Exports written as they go").
    /// </summary>
    private static void WriteRows(WorksheetPart part, XlsxSheet sheet)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(FrozenHeader());
        writer.WriteStartElement(new SheetData());
        writer.WriteElement(new Row(sheet.Header.Select(h => TextOf(h, BoldStyle))));
        foreach (var row in sheet.Rows) writer.WriteElement(new Row(row.Select(CellOf)));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static Cell CellOf(XlsxCell cell) => cell switch
    {
        NumberCell n => new Cell { DataType = CellValues.Number, CellValue = new CellValue(n.Value), StyleIndex = NumberStyle(n.Scale) },
        DateCell d => new Cell { CellValue = new CellValue(Period.Between(Epoch, d.Value, PeriodUnits.Days).Days), StyleIndex = DateStyle },
        TextCell t => TextOf(t.Value, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(cell)),
    };

    private static Cell TextOf(string value, uint style) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = style };

    private static uint NumberStyle(int scale)
    {
        var i = Array.IndexOf(Scales, scale);
        if (i < 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Supported scales: 0, 2, 3, 4.");
        return FirstNumberStyle + (uint)i;
    }

    /// <summary>The number format code of a scale: "0" or "0.00" and so on (also what readers of the workbook check).</summary>
    public static string FormatOf(int scale) => scale == 0 ? "0" : "0." + new string('0', scale);

    private static Stylesheet Stylesheet()
    {
        const uint firstCustomFormat = 164; // ids below 164 are Excel's built-in formats
        var formats = new NumberingFormats(new NumberingFormat { NumberFormatId = firstCustomFormat, FormatCode = "yyyy-mm-dd" });
        foreach (var (scale, i) in Scales.Select((s, i) => (s, i)))
            formats.Append(new NumberingFormat { NumberFormatId = firstCustomFormat + 1 + (uint)i, FormatCode = FormatOf(scale) });
        formats.Count = (uint)formats.ChildElements.Count;

        var cellFormats = new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = firstCustomFormat, ApplyNumberFormat = true });
        foreach (var i in Enumerable.Range(0, Scales.Length))
            cellFormats.Append(new CellFormat { NumberFormatId = firstCustomFormat + 1 + (uint)i, ApplyNumberFormat = true });
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;

        return new Stylesheet(
            formats,
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            cellFormats);
    }
}
