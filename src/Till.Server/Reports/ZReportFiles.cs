using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using Till.Ids;
using Till.Money;
using Till.Reports;
using Till.Reviews;
using Till.Shops;

namespace Till.Server.Reports;

/// <summary>
/// A <see cref="ZReport"/> written out: as the JSON the cash office app shows, as CSV (one table,
/// one row per record), and as a PDF (A4, text left uncompressed so any tool can read it back).
/// Amounts carry the currency's minor unit (<c>2.00</c>, <c>150</c> in JPY).
/// </summary>
internal static class ZReportFiles
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The report as the app's JSON (amounts as decimal strings).</summary>
    public static object Json(ZReport report)
    {
        string A(decimal amount) => Amount(amount, report.Currency);
        object F(ZReportFigures f) => new
        {
            openingFloat = A(f.OpeningFloat),
            cashSales = A(f.CashSales),
            refunds = A(f.Refunds),
            payIns = A(f.PayIns),
            payOuts = A(f.PayOuts),
            expected = A(f.Expected),
            counted = A(f.Counted),
            discrepancy = A(f.Discrepancy),
        };
        var (start, end) = Range(report);
        return new
        {
            location = new { id = GlobalId.Format(GidTypes.Location, report.LocationId), name = report.LocationName },
            date = report.Date.ToString("yyyy-MM-dd", Invariant),
            timeZone = report.TimeZone,
            start = Instant(start),
            end = Instant(end),
            currencyCode = report.Currency,
            totals = F(report.Totals),
            sessionsAwaitingApproval = report.Sessions.Count(s => s.Review == ReviewStatus.Required),
            sessions = report.Sessions.Select(s => new
            {
                id = GlobalId.Format(GidTypes.PaymentSession, s.SessionId),
                device = s.DeviceName,
                openedBy = s.OpenedBy,
                closedBy = s.ClosedBy,
                openingTime = Instant(s.OpeningTime),
                closingTime = Instant(s.ClosingTime),
                figures = F(s.Figures),
                review = s.Review is { } r ? SessionReview.Name(r) : null,
            }),
            movements = report.Movements.Select(m => new { direction = m.Direction, reasonCode = m.ReasonCode, count = m.Count, total = A(m.Total) }),
            staff = report.Staff.Select(s => new { id = GlobalId.Format(GidTypes.StaffMember, s.StaffId), name = s.Name, sessions = s.Sessions, figures = F(s.Figures) }),
            drawers = report.Drawers.Select(d => new { id = GlobalId.Format(GidTypes.CashDrawer, d.DrawerId), name = d.Name, activityCount = d.ActivityCount, ledgerHead = d.LedgerHead }),
        };
    }

    /// <summary>The CSV columns, in order.</summary>
    public const string CsvHeader = "record,id,name,opened,closed,count,opening_float,cash_sales,refunds,pay_ins,pay_outs,expected,counted,discrepancy,currency,review,ledger_head";

    /// <summary>
    /// The report as CSV (RFC 4180, CRLF): a <c>REPORT</c> row (the location and the day's range
    /// of instants), a <c>SESSION</c> row per session, a <c>MOVEMENT</c> row per direction and
    /// reason code, a <c>STAFF</c> row per staff member, a <c>DRAWER</c> row per drawer of the
    /// location (its activity count under <c>count</c>, its ledger head under <c>ledger_head</c>),
    /// and a <c>TOTAL</c> row.
    /// </summary>
    public static string Csv(ZReport report)
    {
        var csv = new StringBuilder();
        var currency = report.Currency;
        var width = CsvHeader.Count(c => c == ',') + 1;
        void Row(params string?[] cells) => csv.Append(string.Join(',', cells.Concat(new string?[width - cells.Length]).Select(Cell))).Append("\r\n");
        string[] Figures(ZReportFigures f) =>
            [.. new[] { f.OpeningFloat, f.CashSales, f.Refunds, f.PayIns, f.PayOuts, f.Expected, f.Counted, f.Discrepancy }.Select(a => Amount(a, currency))];

        csv.Append(CsvHeader).Append("\r\n");
        var (start, end) = Range(report);
        Row(["REPORT", GlobalId.Format(GidTypes.Location, report.LocationId), report.LocationName, Instant(start), Instant(end), report.Sessions.Count.ToString(Invariant), .. Empty(8), currency, null]);
        foreach (var s in report.Sessions)
        {
            Row(["SESSION", GlobalId.Format(GidTypes.PaymentSession, s.SessionId), $"{s.DeviceName}: {s.OpenedBy} / {s.ClosedBy}", Instant(s.OpeningTime), Instant(s.ClosingTime), "1", .. Figures(s.Figures), currency, s.Review is { } r ? SessionReview.Name(r) : null]);
        }

        foreach (var m in report.Movements)
        {
            var total = Amount(m.Total, currency);
            Row(["MOVEMENT", m.Direction, m.ReasonCode ?? "(no reason code)", null, null, m.Count.ToString(Invariant), null, null, null, m.Direction == "PAY_IN" ? total : null, m.Direction == "PAY_OUT" ? total : null, null, null, null, currency, null]);
        }

        foreach (var s in report.Staff)
        {
            Row(["STAFF", GlobalId.Format(GidTypes.StaffMember, s.StaffId), s.Name, null, null, s.Sessions.ToString(Invariant), .. Figures(s.Figures), currency, null]);
        }

        foreach (var d in report.Drawers)
        {
            Row(["DRAWER", GlobalId.Format(GidTypes.CashDrawer, d.DrawerId), d.Name, null, null, d.ActivityCount.ToString(Invariant), .. Empty(8), currency, null, d.LedgerHead]);
        }

        Row(["TOTAL", null, report.LocationName, null, null, report.Sessions.Count.ToString(Invariant), .. Figures(report.Totals), currency, null]);
        return csv.ToString();

        static string?[] Empty(int n) => new string?[n];
    }

    private static string Cell(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ') ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
        : value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !decimal.TryParse(value, NumberStyles.Number, Invariant, out _) ? $"'{value}"
        : value;

    /// <summary>The report as an A4 PDF: a summary, the movements by reason code, the staff, the sessions and the drawers' ledger heads.</summary>
    public static byte[] Pdf(ZReport report)
    {
        PdfFonts.EnsureResolver();
        using var document = new PdfDocument();
        document.Info.Title = $"Z report {report.LocationName} {report.Date:yyyy-MM-dd}";
        document.Info.Creator = "Till";
        document.Options.CompressContentStreams = false;
        document.Options.NoCompression = true;
        var writer = new PdfPageWriter(document);
        var currency = report.Currency;
        string A(decimal amount) => Amount(amount, currency);

        writer.Title($"Z report: {report.LocationName}");
        writer.Line($"Day {report.Date:yyyy-MM-dd} ({report.TimeZone}), amounts in {currency}. {report.Sessions.Count} sessions closed.");
        writer.Gap();

        writer.Heading("Summary");
        var t = report.Totals;
        foreach (var (label, amount) in new[]
        {
            ("Opening floats", t.OpeningFloat), ("Cash sales", t.CashSales), ("Refunds", t.Refunds), ("Pay-ins", t.PayIns),
            ("Pay-outs", t.PayOuts), ("Expected at close", t.Expected), ("Counted at close", t.Counted), ("Discrepancy", t.Discrepancy),
        })
        {
            writer.Row([label, A(amount)], [0, 260], [false, true]);
        }

        writer.Row(["Awaiting approval", report.Sessions.Count(s => s.Review == ReviewStatus.Required).ToString(Invariant)], [0, 260], [false, true]);
        writer.Gap();

        writer.Heading("Pay-ins and pay-outs by reason code");
        if (report.Movements.Count == 0)
        {
            writer.Line("None.");
        }

        foreach (var m in report.Movements)
        {
            writer.Row([m.Direction == "PAY_IN" ? "Pay-in" : "Pay-out", m.ReasonCode ?? "(no reason code)", m.Count.ToString(Invariant), A(m.Total)], [0, 70, 200, 260], [false, false, true, true]);
        }

        writer.Gap();
        int[] columns = [0, 150, 215, 275, 335, 395, 455, 515];
        bool[] right = [false, true, true, true, true, true, true, true];
        writer.Heading("Per staff member");
        writer.Row(["Staff member", "Sessions", "Float", "Sales", "Pay-outs", "Expected", "Counted", "Discrepancy"], columns, right, bold: true);
        foreach (var s in report.Staff)
        {
            writer.Row([s.Name, s.Sessions.ToString(Invariant), A(s.Figures.OpeningFloat), A(s.Figures.CashSales), A(s.Figures.PayOuts), A(s.Figures.Expected), A(s.Figures.Counted), A(s.Figures.Discrepancy)], columns, right);
        }

        writer.Gap();
        writer.Heading("Sessions");
        writer.Row(["Device, closed by", "Closed", "Float", "Sales", "Pay-outs", "Expected", "Counted", "Discrepancy"], columns, right, bold: true);
        var zone = ShopTime.Of(report.TimeZone);
        foreach (var s in report.Sessions)
        {
            writer.Row([$"{s.DeviceName}, {s.ClosedBy}", s.ClosingTime.ToOffset(zone.OffsetAt(s.ClosingTime)).ToString("HH:mm", Invariant), A(s.Figures.OpeningFloat), A(s.Figures.CashSales), A(s.Figures.PayOuts), A(s.Figures.Expected), A(s.Figures.Counted), A(s.Figures.Discrepancy)], columns, right);
        }

        writer.Gap();
        writer.Heading("Drawer ledger heads");
        writer.Line("The head of each drawer's ledger chain when this report was made; keep it to check the ledger against later.");
        if (report.Drawers.Count == 0)
        {
            writer.Line("No drawers.");
        }

        foreach (var d in report.Drawers)
        {
            writer.Row([d.Name, d.ActivityCount.ToString(Invariant) + " activities", d.LedgerHead ?? "(no activities yet)"], [0, 150, 215], [false, false, false]);
        }

        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>An amount with the currency's minor unit, invariant culture.</summary>
    public static string Amount(decimal amount, string currency) =>
        decimal.Round(amount, Currency.MinorUnits(currency), MidpointRounding.ToEven).ToString("F" + Currency.MinorUnits(currency).ToString(Invariant), Invariant);

    private static (DateTimeOffset Start, DateTimeOffset End) Range(ZReport report)
    {
        var zone = ShopTime.Of(report.TimeZone);
        return (zone.StartOf(report.Date), zone.StartOf(report.Date.AddDays(1)));
    }

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    /// <summary>Writes lines of text down A4 pages, starting a new page when one is full.</summary>
    private sealed class PdfPageWriter(PdfDocument document)
    {
        private const double Left = 40;
        private const double Top = 50;
        private const double Bottom = 800;
        private const double ColumnWidth = 60;
        private static readonly XPdfFontOptions Options = new(PdfFontEncoding.WinAnsi);
        private readonly XFont title = new(PdfFonts.Family, 16, XFontStyleEx.Bold, Options);
        private readonly XFont heading = new(PdfFonts.Family, 11, XFontStyleEx.Bold, Options);
        private readonly XFont body = new(PdfFonts.Family, 8.5, XFontStyleEx.Regular, Options);
        private readonly XFont bold = new(PdfFonts.Family, 8.5, XFontStyleEx.Bold, Options);
        private XGraphics? graphics;
        private double y = Bottom;

        public void Title(string text) => Draw(text, title, 24);

        public void Heading(string text) => Draw(text, heading, 16);

        public void Line(string text) => Draw(text, body, 12);

        public void Gap() => y += 8;

        public void Row(string[] cells, int[] at, bool[] alignRight, bool bold = false)
        {
            var font = bold ? this.bold : body;
            var g = Room(12);
            for (var i = 0; i < cells.Length; i++)
            {
                if (alignRight[i])
                {
                    g.DrawString(cells[i], font, XBrushes.Black, new XRect(Left + at[i], y, ColumnWidth, 12), XStringFormats.TopRight);
                }
                else
                {
                    g.DrawString(cells[i], font, XBrushes.Black, new XRect(Left + at[i], y, 300, 12), XStringFormats.TopLeft);
                }
            }

            y += 12;
        }

        public void Finish() => graphics?.Dispose();

        private void Draw(string text, XFont font, double height)
        {
            var g = Room(height);
            g.DrawString(text, font, XBrushes.Black, new XRect(Left, y, 515, height), XStringFormats.TopLeft);
            y += height;
        }

        private XGraphics Room(double height)
        {
            if (graphics is null || y + height > Bottom)
            {
                graphics?.Dispose();
                var page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                graphics = XGraphics.FromPdfPage(page);
                y = Top;
            }

            return graphics;
        }
    }
}

/// <summary>
/// The font of Till's PDFs: the Segoe WP faces PDFsharp ships in its own package, so a PDF looks
/// the same on every machine and needs no fonts installed.
/// </summary>
internal sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name Till's PDFs ask for.</summary>
    public const string Family = "Till Sans";

    private static readonly Lock Gate = new();
    private static bool set;

    /// <summary>Installs the resolver once per process, before the first PDF.</summary>
    public static void EnsureResolver()
    {
        lock (Gate)
        {
            if (!set)
            {
                GlobalFontSettings.FontResolver = new PdfFonts();
                set = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "SegoeWP-Bold" : "SegoeWP", false, italic);

    public byte[]? GetFont(string faceName) =>
        faceName == "SegoeWP-Bold" ? PdfSharp.WPFonts.FontDataHelper.SegoeWPBold : PdfSharp.WPFonts.FontDataHelper.SegoeWP;
}
