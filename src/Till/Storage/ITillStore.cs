namespace Till.Storage;

/// <summary>A database Till keeps its ledger in. Each unit of work is one transaction on one connection.</summary>
public interface ITillStore
{
    /// <summary>Short name of the backend, as the health check reports it.</summary>
    string Kind { get; }

    /// <summary>Applies pending numbered migrations.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a unit of work. A write unit holds the write lock until it is committed or disposed.</summary>
    Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="unit"/> as one write unit of work and keeps its writes when it answers
    /// <see cref="Written{T}.Commit"/>; returns only once they are committed. A store may run
    /// queued units back to back and commit them together, each undone alone when it refuses or
    /// fails. Any database failure, of the unit or of its commit, is raised as a
    /// <see cref="StorageFailureException"/> with nothing of the unit kept. The unit must not start
    /// another write unit.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default);
}
