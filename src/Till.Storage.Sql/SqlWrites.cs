using System.Data.Common;

namespace Till.Storage.Sql;

/// <summary>How the SQL stores run write units and report their failures.</summary>
public static class SqlWrites
{
    /// <summary>
    /// Runs a write unit on a unit of work of its own (begin, run, commit when asked), raising a
    /// database failure as a <see cref="StorageFailureException"/>.
    /// </summary>
    public static async Task<T> OneAtATimeAsync<T>(Func<CancellationToken, Task<IUnitOfWork>> begin, Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(begin);
        IUnitOfWork? started = null;
        try
        {
            return await WriteUnit.OneAtATimeAsync(
                async token => started = await begin(token).ConfigureAwait(false),
                unit,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Failure(e, started is not null);
        }
    }

    /// <summary>The domain's failure for a database exception (a failure already mapped is kept).</summary>
    public static Exception Map(Exception e, bool started = true) => e switch
    {
        StorageFailureException => e,
        DbException db => Failure(db, started),
        _ => e,
    };

    private static StorageFailureException Failure(DbException e, bool started) =>
        new(started ? "The database failed during the unit of work; nothing was kept." : "The database could not be reached.", e, started);
}
