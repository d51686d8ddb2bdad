using System.Globalization;
using System.Text.Json;

namespace Till.Server.Cli;

/// <summary>
/// Settings from a configuration file: <c>till.json</c> in the current directory, or the file
/// <c>--config FILE</c> (or <c>TILL_CONFIG</c>) names; one JSON object whose keys are the options'
/// names without their dashes (<c>"database"</c>, <c>"admin-key"</c>, <c>"no-demo": true</c>).
/// Every command reads it. The command line wins over the environment (<c>TILL_*</c>), which wins
/// over the file, which wins over the defaults. <see cref="Parse"/> keeps what the file says next to
/// what the command line says, under <see cref="FilePrefix"/>; <see cref="Setting"/> and
/// <see cref="Flag"/> apply the order.
/// </summary>
public static partial class CommandLine
{
    /// <summary>The file read when no --config is given, if it exists.</summary>
    public const string DefaultConfigFile = "till.json";

    private const string ConfigOption = "--config";

    private const string FilePrefix = "file:";

    /// <summary>Every key a configuration file may hold: each is an option of some command.</summary>
    private static readonly string[] FileKeys =
        ["urls", "database", "admin-key", "no-demo", "throttle-maximum", "throttle-restore-rate", "log-format", "no-request-log", "url"];

    private static readonly JsonDocumentOptions FileSyntax = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the configuration file, if there is one, into <paramref name="options"/> under <see cref="FilePrefix"/>.</summary>
    private static void ReadConfigFile(Dictionary<string, string?> options)
    {
        var named = options.TryGetValue(ConfigOption, out var given) && given is not null ? given
            : Environment.GetEnvironmentVariable("TILL_CONFIG") is { Length: > 0 } env ? env : null;
        var path = Path.GetFullPath(named ?? DefaultConfigFile);
        if (!File.Exists(path))
        {
            if (named is null)
            {
                return;
            }

            throw new UsageException($"--config: {path} does not exist");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), FileSyntax);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not valid JSON: {e.Message}");
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{path} must hold one JSON object, such as {{ \"database\": \"till.db\" }}");
        }

        foreach (var setting in root.EnumerateObject())
        {
            if (!FileKeys.Contains(setting.Name, StringComparer.Ordinal))
            {
                throw new UsageException($"{path}: unknown setting '{setting.Name}'; a configuration file may set {string.Join(", ", FileKeys)}");
            }

            options[FilePrefix + "--" + setting.Name] = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString(),
                JsonValueKind.Number => setting.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new UsageException($"{path}: '{setting.Name}' must be a string, a number, true or false"),
            };
        }
    }

    /// <summary>An option's value: the command line's, else the environment variable's, else the configuration file's, else null.</summary>
    private static string? Setting(Dictionary<string, string?> options, string name, string environment) =>
        options.TryGetValue(name, out var value) && value is not null ? value
        : Environment.GetEnvironmentVariable(environment) is { Length: > 0 } env ? env
        : options.TryGetValue(FilePrefix + name, out var file) ? file
        : null;

    /// <summary>A flag: set on the command line, else true/false (or 1/0) in the environment variable, else in the configuration file, else off.</summary>
    private static bool Flag(Dictionary<string, string?> options, string name, string environment)
    {
        if (options.TryGetValue(name, out var given) && given is null)
        {
            return true;
        }

        if (Environment.GetEnvironmentVariable(environment) is { Length: > 0 } env)
        {
            return Boolean(env, environment);
        }

        return options.TryGetValue(FilePrefix + name, out var file) && Boolean(file, name.TrimStart('-') + " in the configuration file");
    }

    private static bool Boolean(string? text, string name) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{name} must be true or false")),
    };
}
