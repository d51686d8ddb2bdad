namespace Till.Storage;

/// <summary>
/// The database failed under a unit of work: it could not be reached, a statement failed, or the
/// commit did not happen. Nothing of the unit was kept. Stores raise this in place of their
/// driver's exceptions, so use cases never see a database type.
/// </summary>
public sealed class StorageFailureException : Exception
{
    /// <summary>A failure with the driver's exception inside.</summary>
    public StorageFailureException(string message, Exception inner, bool started)
        : base(message, inner)
    {
        Started = started;
    }

    /// <summary>An empty failure (for serializers and tests).</summary>
    public StorageFailureException()
        : base("The database failed.")
    {
        Started = true;
    }

    /// <summary>A failure with a message.</summary>
    public StorageFailureException(string message)
        : base(message)
    {
        Started = true;
    }

    /// <summary>A failure with a message and the exception that caused it.</summary>
    public StorageFailureException(string message, Exception inner)
        : base(message, inner)
    {
        Started = true;
    }

    /// <summary>False when the unit of work could not even start: nothing was attempted.</summary>
    public bool Started { get; }
}
