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
}
