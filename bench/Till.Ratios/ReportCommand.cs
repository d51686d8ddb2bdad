using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Till.Ratios;

/// <summary>
/// Writes ratios.md from the rows bench/ratios.sh put in ratios.tsv (tab-separated):
/// <c>ratio ID TITLE NUM-FILE NUM-PATH DEN-FILE DEN-PATH CMP TARGET UNIT</c>,
/// <c>limit ID TITLE FILE PATH CMP LIMIT UNIT</c>, <c>figure ID TITLE FILE PATH UNIT</c>,
/// <c>skip ID TITLE REASON</c> and <c>note ID TEXT</c>. A PATH is a dotted path into the JSON
/// file (e.g. <c>latencyMs.p99</c>); a file's command is its <c>command</c> property or the
/// text in the file of the same name ending in <c>.cmd</c>.
/// </summary>
internal static class ReportCommand
{
    public static int Run(string[] args)
    {
        var dir = Program.Required(args, "--dir");
        var rows = File.ReadAllLines(Path.Combine(dir, "ratios.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var files = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        JsonElement? Load(string file)
        {
            if (!files.TryGetValue(file, out var root))
            {
                var path = Path.Combine(dir, file);
                root = File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone() : null;
                files[file] = root;
            }

            return root;
        }

        // "a.json+b.json" names two runs of one point: its figure is their mean.
        double? Value(string file, string path)
        {
            if (file.Contains('+', StringComparison.Ordinal))
            {
                var values = Parts(file).Select(part => Value(part, path)).ToList();
                return values.All(v => v is not null) ? values.Average() : null;
            }

            var element = Load(file);
            foreach (var part in path.Split('.'))
            {
                if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(part, out var next))
                {
                    return null;
                }

                element = next;
            }

            return element is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;
        }

        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# Ratios: run {Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/'))}");
        s.AppendLine();
        var machine = Path.Combine(dir, "machine.txt");
        if (File.Exists(machine))
        {
            foreach (var line in File.ReadAllLines(machine).Where(l => l.Length > 0))
            {
                s.AppendLine("- " + line);
            }

            s.AppendLine();
        }

        s.AppendLine("Each ratio divides the first figure by the second; \"met?\" compares it with the target. Figures");
        s.AppendLine("come from the JSON files named with them (in this folder); the commands that made them are at the end.");
        s.AppendLine();
        s.AppendLine("| # | what | value | target | met? | figure | divided by |");
        s.AppendLine("|---|---|---:|---|---|---|---|");
        var commands = new List<(string Id, string File)>();
        var missed = 0;
        foreach (var row in rows)
        {
            switch (row[0])
            {
                case "ratio":
                    {
                        var (id, title, numFile, numPath, denFile, denPath, cmp, target, unit) = (row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]);
                        var num = Value(numFile, numPath);
                        var den = Value(denFile, denPath);
                        var ratio = num is { } a && den is { } b && b != 0 ? a / b : (double?)null;
                        var met = Met(ratio, cmp, target);
                        missed += met == "no" ? 1 : 0;
                        s.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {title} | {(ratio is { } r ? Times(r, cmp, target) + "×" : "–")} | {(target.Length == 0 ? "–" : $"{Symbol(cmp)} {target}×")} | {met} | {Figure(num, unit)} `{Stem(numFile)}` {numPath} | {Figure(den, unit)} `{Stem(denFile)}` {denPath} |");
                        commands.AddRange(Parts(numFile).Concat(Parts(denFile)).Select(part => (id, part)));
                        break;
                    }

                case "limit":
                    {
                        var (id, title, file, path, cmp, limit, unit) = (row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
                        var value = Value(file, path);
                        var met = Met(value, cmp, limit);
                        missed += met == "no" ? 1 : 0;
                        var bound = Parts(file).Any(part => Bound(Load(part)).Length > 0) ? "≥ " : string.Empty;
                        s.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {title} | {bound}{Figure(value, unit)} | {Symbol(cmp)} {limit} {unit} | {met} | `{Stem(file)}` {path} | |");
                        commands.AddRange(Parts(file).Select(part => (id, part)));
                        break;
                    }

                case "figure":
                    {
                        var (id, title, file, path, unit) = (row[1], row[2], row[3], row[4], row[5]);
                        s.AppendLine(CultureInfo.InvariantCulture, $"| {id} | {title} | {Figure(Value(file, path), unit)} | | | `{Stem(file)}` {path} | |");
                        commands.AddRange(Parts(file).Select(part => (id, part)));
                        break;
                    }

                case "skip":
                    s.AppendLine(CultureInfo.InvariantCulture, $"| {row[1]} | {row[2]} | – | | skipped | {row[3]} | |");
                    break;

                default:
                    break;
            }
        }

        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Targets missed: {missed}.");
        var notes = rows.Where(r => r[0] == "note").ToList();
        if (notes.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("## Notes");
            s.AppendLine();
            foreach (var note in notes)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"- {note[1]}: {note[2]}");
            }
        }

        s.AppendLine();
        s.AppendLine("## Points");
        s.AppendLine();
        s.AppendLine("Rates count good answers only (HTTP 200 without GraphQL errors or user errors); latencies are the load tool's.");
        s.AppendLine("CPU per request or mutation is the server's (utime + stime from /proc/PID/stat over the measured window);");
        s.AppendLine("\"other\" is the machine's busy time less the server, the load tool and PostgreSQL, in cores: other people's work.");
        s.AppendLine();
        s.AppendLine("| point | rate /s | bad | p50 ms | p99 ms | server CPU µs/op | postgres CPU µs/op | other cores | load before → after |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var file in commands.Select(c => c.File).Distinct(StringComparer.Ordinal))
        {
            if (Load(file) is not { } root)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"| `{Stem(file)}` | missing | | | | | | | |");
                continue;
            }

            var driver = root.TryGetProperty("mutationsPerSecond", out _);
            string F(string path, string format) => Value(file, path) is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
            if (root.TryGetProperty("perCommit", out _))
            {
                // Till.RawSqlite: no server; its own CPU per mutation.
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{Stem(file)}` | {F("mutationsPerSecond", "N0")} | 0 | – | – | {F("cpuMicrosPerMutation", "N0")} (its own) | – | – | {Text(root, "loadBefore")} → {Text(root, "loadAfter")} |");
                continue;
            }

            var bad = driver ? ErrorsOfDriver(root).ToString(CultureInfo.InvariantCulture) : F("bad", "N0");
            var p50 = driver ? "–" : Bound(root) + F("latencyMs.p50", "F2");
            var p99 = driver ? F("mutationP99Max", "F2") + " (worst mutation)" : Bound(root) + F("latencyMs.p99", "F2");
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `{Stem(file)}` | {F(driver ? "mutationsPerSecond" : "rate", "N0")} | {bad} | {p50} | {p99} | {F(driver ? "serverCpuMicrosPerMutation" : "serverCpuMicrosPerRequest", "N0")} | {F(driver ? "databaseCpuMicrosPerMutation" : "databaseCpuMicrosPerRequest", "N0")} | {F("otherCpuCores", "F2")} | {Text(root, "loadBefore")} → {Text(root, "loadAfter")} |");
        }

        s.AppendLine();
        s.AppendLine("## Commands");
        foreach (var group in commands.GroupBy(c => c.Id))
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"{group.Key}:");
            s.AppendLine();
            foreach (var file in group.Select(c => c.File).Distinct(StringComparer.Ordinal))
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"    # {Stem(file)}");
                s.AppendLine(CultureInfo.InvariantCulture, $"    {Command(dir, file, Load(file))}");
            }
        }

        File.WriteAllText(Path.Combine(dir, "ratios.md"), s.ToString());
        Console.Write(s.ToString());
        return 0;
    }

    /// <summary>"≥ " when no request completed in the point's window, so its latencies are only the window's length.</summary>
    private static string Bound(JsonElement? root) =>
        root is { } r && r.TryGetProperty("noneCompleted", out var none) && none.ValueKind == JsonValueKind.True ? "≥ " : string.Empty;

    private static long ErrorsOfDriver(JsonElement root) =>
        root.TryGetProperty("ops", out var ops) ? ops.EnumerateObject().Sum(o => o.Value.TryGetProperty("errors", out var e) ? e.GetInt64() : 0) : 0;

    private static string Text(JsonElement root, string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";

    private static string[] Parts(string file) => file.Split('+');

    private static string Stem(string file) => string.Join("` + `", Parts(file).Select(Path.GetFileNameWithoutExtension));

    private static string Command(string dir, string file, JsonElement? root)
    {
        if (root is { } r && r.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String)
        {
            return c.GetString()!;
        }

        var side = Path.Combine(dir, Path.ChangeExtension(file, ".cmd"));
        return File.Exists(side) ? File.ReadAllText(side).Trim() : "(not recorded)";
    }

    /// <summary>Two decimals, or three when two would round a missed target onto it (0.996 shown as 1.00 against ≥ 1.0).</summary>
    private static string Times(double ratio, string cmp, string target)
    {
        var text = ratio.ToString("F2", CultureInfo.InvariantCulture);
        return Met(ratio, cmp, target) == "no" && Met(double.Parse(text, CultureInfo.InvariantCulture), cmp, target) == "yes" ? ratio.ToString("F3", CultureInfo.InvariantCulture) : text;
    }

    private static string Symbol(string cmp) => cmp switch { ">=" => "≥", "<=" => "≤", _ => cmp };

    private static string Met(double? value, string cmp, string target)
    {
        if (value is not { } v || !double.TryParse(target, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
        {
            return "–";
        }

        var ok = cmp switch { ">=" => v >= t, "<=" => v <= t, "<" => v < t, ">" => v > t, _ => false };
        return ok ? "yes" : "no";
    }

    private static string Figure(double? value, string unit) => value is not { } v
        ? "–"
        : unit switch
        {
            "/s" => v.ToString("N0", CultureInfo.InvariantCulture) + "/s",
            "ms" => v.ToString("F2", CultureInfo.InvariantCulture) + " ms",
            "µs" => v.ToString("N0", CultureInfo.InvariantCulture) + " µs",
            _ => v.ToString("N2", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : string.Empty),
        };
}
