using System.Data.Common;

namespace Till.Storage.Sql;

/// <summary>
/// The prepared commands of one connection that its store keeps open across units of work, by
/// SQL text. A statement is compiled once and only rebound afterwards. Texts that vary (search
/// filters) stop being kept once the cache is full.
/// </summary>
internal sealed class StatementCache(int capacity = 256) : IDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    /// <summary>The kept command for <paramref name="sql"/>, if there is one.</summary>
    public bool TryGet(string sql, out DbCommand command) => commands.TryGetValue(sql, out command!);

    /// <summary>Keeps <paramref name="command"/>; false when the cache is full (the caller then owns it).</summary>
    public bool TryAdd(string sql, DbCommand command)
    {
        if (commands.Count >= capacity)
        {
            return false;
        }

        commands.Add(sql, command);
        return true;
    }

    /// <summary>Disposes every kept command.</summary>
    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        commands.Clear();
    }
}
