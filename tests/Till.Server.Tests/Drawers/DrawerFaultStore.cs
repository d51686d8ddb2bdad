using System.Reflection;
using Microsoft.Data.Sqlite;
using Till.Server.Tests.Support;
using Till.Storage;

namespace Till.Server.Tests.Drawers;

/// <summary>
/// Wraps the real store and, when switched on, fails the way a broken database does: a write unit
/// of work that cannot be started, or a drawer insert or device assignment that fails inside one.
/// Reads (which the server also needs to authenticate tokens) keep working.
/// </summary>
public sealed class DrawerFaultStore(ITillStore inner, DrawerFaults faults) : ForwardingStore(inner)
{
    public override Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        if (write && faults.FailWriteBegin)
        {
            throw new SqliteException("injected", 1);
        }

        return base.BeginAsync(write, cancellationToken);
    }

    public override Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default)
    {
        if (faults.FailWriteBegin)
        {
            throw new StorageFailureException("injected", new SqliteException("injected", 1), started: false);
        }

        return base.WriteAsync(unit, cancellationToken);
    }

    protected override IUnitOfWork Wrap(IUnitOfWork work) => ForwardingUnitOfWork.Wrap<DrawerFaultUnitOfWork>(work, w => w.Faults = faults);

    /// <summary>Forwards every call to the real unit of work unless its fault is switched on.</summary>
    public class DrawerFaultUnitOfWork : ForwardingUnitOfWork
    {
        internal DrawerFaults Faults { get; set; } = null!;

        protected override object? Intercept(MethodInfo method, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(method);
            if ((method.Name == nameof(IUnitOfWork.CreateDrawerAsync) && Faults.FailCreateDrawer)
                || (method.Name == nameof(IUnitOfWork.AssignDeviceAsync) && Faults.FailAssignDevice))
            {
                throw new SqliteException("injected", 1);
            }

            return Forward(method, args);
        }
    }
}

/// <summary>The fault switches of a <see cref="DrawerFaultStore"/>; all off until a test turns one on.</summary>
public sealed class DrawerFaults
{
    /// <summary>When true, starting a write unit of work throws.</summary>
    public bool FailWriteBegin { get; set; }

    /// <summary>When true, <see cref="IUnitOfWork.CreateDrawerAsync"/> throws.</summary>
    public bool FailCreateDrawer { get; set; }

    /// <summary>When true, <see cref="IUnitOfWork.AssignDeviceAsync"/> throws.</summary>
    public bool FailAssignDevice { get; set; }
}
