using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Till.Storage;

namespace Till.Server.Tests.Drawers;

/// <summary>
/// Wraps the real store and, when switched on, fails the way a broken database does: a write unit
/// of work that cannot be started, or a drawer insert or device assignment that fails inside one.
/// Reads (which the server also needs to authenticate tokens) keep working.
/// </summary>
public sealed class DrawerFaultStore(ITillStore inner, DrawerFaults faults) : ITillStore, IDisposable
{
    public string Kind => inner.Kind;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        if (write && faults.FailWriteBegin)
        {
            throw new SqliteException("injected", 1);
        }

        return Wrap(await inner.BeginAsync(write, cancellationToken));
    }

    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default)
    {
        if (faults.FailWriteBegin)
        {
            throw new StorageFailureException("injected", new SqliteException("injected", 1), started: false);
        }

        return inner.WriteAsync(work => unit(Wrap(work)), cancellationToken);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private IUnitOfWork Wrap(IUnitOfWork work)
    {
        var proxy = DispatchProxy.Create<IUnitOfWork, DrawerFaultUnitOfWork>();
        ((DrawerFaultUnitOfWork)(object)proxy).Attach(faults, work);
        return proxy;
    }

    /// <summary>Forwards every call to the real unit of work unless its fault is switched on.</summary>
    public class DrawerFaultUnitOfWork : DispatchProxy
    {
        private DrawerFaults faults = null!;
        private IUnitOfWork inner = null!;

        internal void Attach(DrawerFaults switches, IUnitOfWork work)
        {
            faults = switches;
            inner = work;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if ((targetMethod.Name == nameof(IUnitOfWork.CreateDrawerAsync) && faults.FailCreateDrawer)
                || (targetMethod.Name == nameof(IUnitOfWork.AssignDeviceAsync) && faults.FailAssignDevice))
            {
                throw new SqliteException("injected", 1);
            }

            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
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
