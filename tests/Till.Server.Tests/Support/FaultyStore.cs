using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Storage;

namespace Till.Server.Tests.Support;

/// <summary>
/// A store that wraps a real one and can be told to misbehave: throw a database exception from a
/// named method (<see cref="FailOn"/>) or pretend drawers do not exist (<see cref="HideDrawers"/>).
/// Every switch is off until a test turns it on, so provisioning through the fixture works first.
/// Install it with <c>TillServer.StartAsync(wrapStore: s =&gt; new FaultyStore(s))</c>.
/// </summary>
public sealed class FaultyStore(ITillStore inner) : ITillStore, IDisposable
{
    private int injectedFailures;

    /// <summary>
    /// Decides, by method name (e.g. <c>"AppendActivityAsync"</c>, <c>"CommitAsync"</c>), whether a call on
    /// the store or on one of its units of work throws an injected <see cref="SqliteException"/>.
    /// </summary>
    public Func<string, bool>? FailOn { get; set; }

    /// <summary>When true, <c>GetDrawerAsync</c> answers null, as if the drawer row had disappeared.</summary>
    public bool HideDrawers { get; set; }

    /// <summary>How many failures were injected so far.</summary>
    public int InjectedFailures => Volatile.Read(ref injectedFailures);

    /// <summary>The wrapped store.</summary>
    public ITillStore Inner { get; } = inner;

    /// <inheritdoc />
    public string Kind => Inner.Kind;

    /// <summary>Turns every switch off.</summary>
    public void Heal()
    {
        FailOn = null;
        HideDrawers = false;
    }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken = default) => Inner.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(nameof(BeginAsync));
        var work = await Inner.BeginAsync(write, cancellationToken);
        return FaultyUnitOfWork.Wrap(work, this);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An injected <c>BeginAsync</c> failure means the database could not be reached; an injected
    /// <c>CommitAsync</c> failure fails a unit that asked to be kept, inside the real store's unit,
    /// so the real store undoes it and reports it as it reports any database failure.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default)
    {
        if (FailOn?.Invoke(nameof(BeginAsync)) == true)
        {
            Interlocked.Increment(ref injectedFailures);
            throw new StorageFailureException("injected failure", new SqliteException("injected failure", 1), started: false);
        }

        return Inner.WriteAsync(
            async work =>
            {
                var written = await unit(FaultyUnitOfWork.Wrap(work, this));
                if (written.Commit)
                {
                    ThrowIfFailing(nameof(IUnitOfWork.CommitAsync));
                }

                return written;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => (Inner as IDisposable)?.Dispose();

    internal void ThrowIfFailing(string method)
    {
        if (FailOn?.Invoke(method) == true)
        {
            Interlocked.Increment(ref injectedFailures);
            throw new SqliteException("injected failure", 1);
        }
    }
}

/// <summary>
/// The unit of work <see cref="FaultyStore"/> hands out: forwards every call of <see cref="IUnitOfWork"/>
/// to the real one unless a switch says otherwise. A dispatch proxy, so that it keeps compiling and
/// forwarding when the interface grows.
/// </summary>
public class FaultyUnitOfWork : DispatchProxy
{
    private IUnitOfWork inner = null!;
    private FaultyStore store = null!;

    /// <summary>Wraps a real unit of work.</summary>
    public static IUnitOfWork Wrap(IUnitOfWork inner, FaultyStore store)
    {
        var proxy = Create<IUnitOfWork, FaultyUnitOfWork>();
        var faulty = (FaultyUnitOfWork)(object)proxy;
        faulty.inner = inner;
        faulty.store = store;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name != nameof(IAsyncDisposable.DisposeAsync))
        {
            store.ThrowIfFailing(targetMethod.Name);
        }

        if (store.HideDrawers && targetMethod.Name == nameof(IUnitOfWork.GetDrawerAsync))
        {
            return Task.FromResult<CashDrawer?>(null);
        }

        if (store.HideDrawers && targetMethod.Name == nameof(IUnitOfWork.GetSessionContextAsync))
        {
            return WithoutDrawer((Task<SessionContext>)Forward(targetMethod, args)!);
        }

        if (store.HideDrawers && targetMethod.Name == nameof(IUnitOfWork.GetDeviceContextAsync))
        {
            return WithoutDrawer((Task<DeviceContext>)Forward(targetMethod, args)!);
        }

        if (store.HideDrawers && targetMethod.Name == nameof(IUnitOfWork.GetOpenContextAsync))
        {
            return WithoutDrawer((Task<OpenContext>)Forward(targetMethod, args)!);
        }

        return Forward(targetMethod, args);
    }

    private static async Task<OpenContext> WithoutDrawer(Task<OpenContext> read) =>
        await read.ConfigureAwait(false) with { Drawer = null };

    private static async Task<SessionContext> WithoutDrawer(Task<SessionContext> read) =>
        await read.ConfigureAwait(false) with { Drawer = null };

    private static async Task<DeviceContext> WithoutDrawer(Task<DeviceContext> read) =>
        await read.ConfigureAwait(false) with { SessionDrawer = null };

    private object? Forward(MethodInfo targetMethod, object?[]? args)
    {

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
