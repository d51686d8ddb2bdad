using System.Globalization;
using System.Net.Http.Headers;

namespace Till.Server.Tests.Observability;

/// <summary>One scrape of <c>/metrics</c>, parsed: each sample's name, labels and value.</summary>
internal sealed class Scrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples = [];

    private Scrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var head = line[..space];
            var value = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            var brace = head.IndexOf('{', StringComparison.Ordinal);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace > 0)
            {
                foreach (var pair in head[(brace + 1)..^1].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }
            }

            samples.Add((brace > 0 ? head[..brace] : head, labels, value));
        }
    }

    public string Text { get; }

    public static async Task<Scrape> TakeAsync(HttpClient http, string baseUrl, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return new Scrape(text);
    }

    /// <summary>The sum of every sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when there is none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => samples.Any(s => s.Name == name);
}
