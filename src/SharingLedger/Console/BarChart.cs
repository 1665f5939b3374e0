using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace SharingLedger.WebConsole;

/// <summary>
/// Horizontal stacked bars drawn on the server as SVG: no script, prints as it shows. Accessible: role img with a title and a
/// description (<paramref name="Description"/> says what the page's table beside it holds, figure by figure), a legend in
/// text, and series told apart by pattern as well as by colour. Values are non-negative whole minor units.
/// </summary>
public sealed record BarChart(string Id, string Title, string Description, IReadOnlyList<string> Series, IReadOnlyList<(string Label, long[] Values)> Bars)
{
    private static readonly string[] Fills = ["#0b5394", "#6aa84f", "#e69138", "#a4161a", "#674ea7", "#45818e"];
    private const int LabelWidth = 120, BarArea = 520, BarHeight = 22, Gap = 8, Top = 36;

    public IHtmlContent Render()
    {
        var max = Math.Max(1, Bars.Select(b => b.Values.Where(v => v > 0).Sum()).DefaultIfEmpty(0).Max());
        var height = Top + Bars.Count * (BarHeight + Gap) + 10;
        var width = LabelWidth + BarArea + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{Id}\" role=\"img\" aria-labelledby=\"{Id}-title {Id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{Id}-title\">{E(Title)}</title><desc id=\"{Id}-desc\">{E(Description)}</desc>");
        svg.Append("<defs>");
        for (var s = 0; s < Series.Count; s++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<pattern id=\"{Id}-p{s}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{Fills[s % Fills.Length]}\"/>{Hatch(s)}</pattern>");
        svg.Append("</defs>");
        // Legend
        var x = 0;
        for (var s = 0; s < Series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"6\" width=\"14\" height=\"14\" fill=\"url(#{Id}-p{s})\" stroke=\"#1b1f24\" stroke-width=\"0.5\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 18}\" y=\"18\" font-size=\"12\" fill=\"#1b1f24\">{E(Series[s])}</text>");
            x += 30 + Series[s].Length * 7;
        }
        for (var i = 0; i < Bars.Count; i++)
        {
            var (label, values) = Bars[i];
            var y = Top + i * (BarHeight + Gap);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1f24\">{E(label)}</text>");
            double at = LabelWidth;
            for (var s = 0; s < values.Length && s < Series.Count; s++)
            {
                if (values[s] <= 0) continue;
                var w = BarArea * (double)values[s] / max;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{at:0.##}\" y=\"{y}\" width=\"{Math.Max(w, 1):0.##}\" height=\"{BarHeight}\" fill=\"url(#{Id}-p{s})\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
                at += w;
            }
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Hatch(int series) => (series % 4) switch
    {
        1 => "<path d=\"M0,6 L6,0\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
        2 => "<circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"#ffffff\"/>",
        3 => "<path d=\"M0,0 L6,6 M6,0 L0,6\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
        _ => "",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
