using System.Data.Common;
using Till.Sessions;

namespace Till.Storage.Sql;

/// <summary>
/// Chains a ledger written before the chain existed: for every drawer, in recording order (by
/// ID), each activity's <c>hash</c> (<see cref="LedgerChain"/>) and the drawer's <c>ledger_head</c>.
/// A migration line that is exactly <see cref="MigrationScripts.ChainLedger"/> runs it, inside the
/// migration's transaction, after the script's statements. Activities already chained are
/// recomputed the same, so running it twice changes nothing.
/// </summary>
internal static class LedgerBackfill
{
    public static async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var drawers = new List<(long Shop, long Id)>();
        await using (var read = Command(connection, transaction, "SELECT shop_id, id FROM cash_drawers ORDER BY shop_id, id"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                drawers.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        foreach (var (shop, drawer) in drawers)
        {
            var activities = new List<CashActivity>();
            await using (var read = Command(connection, transaction, $"SELECT {SqlUnitOfWork.ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer ORDER BY id", ("@shop", shop), ("@drawer", drawer)))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    activities.Add(SqlUnitOfWork.ReadActivity(shop, reader));
                }
            }

            string? head = null;
            long position = 0;
            foreach (var activity in activities)
            {
                head = LedgerChain.Link(head, ++position, activity);
                await using var update = Command(connection, transaction, "UPDATE cash_activities SET hash = @hash WHERE shop_id = @shop AND id = @id", ("@hash", head), ("@shop", shop), ("@id", activity.Id));
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var move = Command(connection, transaction, "UPDATE cash_drawers SET ledger_head = @head WHERE shop_id = @shop AND id = @id", ("@head", (object?)head ?? DBNull.Value), ("@shop", shop), ("@id", drawer));
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
