using System.Globalization;
using Alba;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SharingLedger.Tests.Support;

/// <summary>A cell read back from an XLSX export: its text, or its exact decimal and the number format it is shown with.</summary>
public sealed record WorkbookCell(string? Text, decimal? Number, string? Format)
{
    public override string ToString() => Number is { } n ? $"{n.ToString(CultureInfo.InvariantCulture)} [{Format}]" : Text ?? "";
}

/// <summary>Opens an XLSX export with the Open XML SDK (the library that wrote it) and reads its first sheet as rows of cells.</summary>
public sealed class Workbook
{
    public string SheetName { get; private init; } = "";
    /// <summary>Whether the first row stays in view (a frozen pane below it), as a reader scrolling a long export sees it.</summary>
    public bool HeaderFrozen { get; private init; }
    /// <summary>Whether every header cell is bold.</summary>
    public bool HeaderBold { get; private init; }
    /// <summary>What the Open XML SDK's validator finds wrong with the package (nothing, for a workbook spreadsheet programs open cleanly).</summary>
    public IReadOnlyList<string> Errors { get; private init; } = [];
    public IReadOnlyList<IReadOnlyList<WorkbookCell>> Rows { get; private init; } = [];
    public IReadOnlyList<string> Header => Rows[0].Select(c => c.Text ?? "").ToList();
    public IEnumerable<IReadOnlyList<WorkbookCell>> Body => Rows.Skip(1);

    public WorkbookCell Cell(IReadOnlyList<WorkbookCell> row, string column) => row[Header.ToList().IndexOf(column)];

    public static async Task<Workbook> Get(IAlbaHost host, string url, int expectedStatus = 200)
    {
        var result = await host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(expectedStatus); });
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", result.Context.Response.ContentType);
        var body = result.Context.Response.Body;
        if (body.CanSeek) body.Position = 0;
        var bytes = new MemoryStream();
        await body.CopyToAsync(bytes);
        return Read(bytes.ToArray());
    }

    public static Workbook Read(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbookPart = document.WorkbookPart!;
        var sheet = workbookPart.Workbook.Descendants<Sheet>().First();
        var worksheet = ((WorksheetPart)workbookPart.GetPartById(sheet.Id!)).Worksheet;
        var stylesheet = workbookPart.WorkbookStylesPart?.Stylesheet;
        var rows = worksheet.Descendants<Row>().Select(r => (IReadOnlyList<WorkbookCell>)r.Elements<Cell>().Select(c => Of(c, stylesheet)).ToList()).ToList();
        var pane = worksheet.Descendants<Pane>().FirstOrDefault();
        var header = worksheet.Descendants<Row>().First().Elements<Cell>();
        return new Workbook
        {
            SheetName = sheet.Name!, Rows = rows,
            HeaderFrozen = pane is { State.Value: var state, VerticalSplit.Value: 1d, TopLeftCell.Value: "A2" } && state == PaneStateValues.Frozen,
            HeaderBold = header.All(c => c.StyleIndex is { } i && stylesheet?.CellFormats?.ElementAt((int)i.Value) is CellFormat { FontId.Value: var font }
                && stylesheet.Fonts?.ElementAt((int)font) is Font f && f.Bold is not null),
            Errors = [.. new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")],
        };
    }

    private static WorkbookCell Of(Cell cell, Stylesheet? styles)
    {
        if (cell.DataType?.Value == CellValues.InlineString) return new(cell.InlineString!.InnerText, null, null);
        if (cell.DataType is not null && cell.DataType.Value != CellValues.Number) return new(cell.CellValue?.Text, null, null);
        var format = FormatOf(cell, styles);
        var number = decimal.Parse(cell.CellValue!.Text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return new(null, number, format);
    }

    private static string? FormatOf(Cell cell, Stylesheet? styles)
    {
        if (styles?.CellFormats is null || cell.StyleIndex is null) return null;
        var formatId = ((CellFormat)styles.CellFormats.ElementAt((int)cell.StyleIndex.Value)).NumberFormatId?.Value;
        return styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == formatId)?.FormatCode?.Value;
    }

    /// <summary>A date cell's day (serial days since 1899-12-30, formatted yyyy-mm-dd).</summary>
    public static string DateOf(WorkbookCell cell)
    {
        Assert.Equal("yyyy-mm-dd", cell.Format);
        return new DateOnly(1899, 12, 30).AddDays((int)cell.Number!.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An amount cell holds exactly the JSON decimal (compared as decimals, so a binary-float artefact such as 15.260000000000002
    /// fails) and is shown with the currency's decimal places.
    /// </summary>
    public static void AssertAmount(string jsonAmount, WorkbookCell cell, int scale)
    {
        Assert.Equal(scale == 0 ? "0" : "0." + new string('0', scale), cell.Format);
        Assert.True(cell.Number == decimal.Parse(jsonAmount, CultureInfo.InvariantCulture), $"Cell {cell} is not the amount {jsonAmount}.");
    }
}
