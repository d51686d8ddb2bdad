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

    /// <summary>
    /// The command to run <paramref name="sql"/> on <paramref name="connection"/>: the kept one, or
    /// a new one (<c>IsNew</c>: not run or prepared yet) that <paramref name="cache"/> keeps while
    /// it has room. When <c>Kept</c> is false (no cache, or a full one) the caller owns the command
    /// and disposes it.
    /// </summary>
    public static (DbCommand Command, bool IsNew, bool Kept) Lease(StatementCache? cache, DbConnection connection, string sql)
    {
        if (cache is not null && cache.TryGet(sql, out var kept))
        {
            return (kept, false, true);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        return (command, true, cache is not null && cache.TryAdd(sql, command));
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
