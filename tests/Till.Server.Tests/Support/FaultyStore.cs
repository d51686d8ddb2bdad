using System.Reflection;
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
public sealed class FaultyStore(ITillStore inner) : ForwardingStore(inner)
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

    /// <summary>Turns every switch off.</summary>
    public void Heal()
    {
        FailOn = null;
        HideDrawers = false;
    }

    /// <inheritdoc />
    public override Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(nameof(BeginAsync));
        return base.BeginAsync(write, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An injected <c>BeginAsync</c> failure means the database could not be reached; an injected
    /// <c>CommitAsync</c> failure fails a unit that asked to be kept, inside the real store's unit,
    /// so the real store undoes it and reports it as it reports any database failure.
    /// </remarks>
    public override Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default)
    {
        if (FailOn?.Invoke(nameof(BeginAsync)) == true)
        {
            Interlocked.Increment(ref injectedFailures);
            throw new StorageFailureException("injected failure", new SqliteException("injected failure", 1), started: false);
        }

        return base.WriteAsync(
            async work =>
            {
                var written = await unit(work);
                if (written.Commit)
                {
                    ThrowIfFailing(nameof(IUnitOfWork.CommitAsync));
                }

                return written;
            },
            cancellationToken);
    }

    internal void ThrowIfFailing(string method)
    {
        if (FailOn?.Invoke(method) == true)
        {
            Interlocked.Increment(ref injectedFailures);
            throw new SqliteException("injected failure", 1);
        }
    }

    /// <inheritdoc />
    protected override IUnitOfWork Wrap(IUnitOfWork work) => ForwardingUnitOfWork.Wrap<FaultyUnitOfWork>(work, w => w.Store = this);
}

/// <summary>
/// The unit of work <see cref="FaultyStore"/> hands out: forwards every call of <see cref="IUnitOfWork"/>
/// to the real one unless a switch says otherwise.
/// </summary>
public class FaultyUnitOfWork : ForwardingUnitOfWork
{
    internal FaultyStore Store { get; set; } = null!;

    /// <inheritdoc />
    protected override object? Intercept(MethodInfo method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Name != nameof(IAsyncDisposable.DisposeAsync))
        {
            Store.ThrowIfFailing(method.Name);
        }

        if (Store.HideDrawers && method.Name == nameof(IUnitOfWork.GetDrawerAsync))
        {
            return Task.FromResult<CashDrawer?>(null);
        }

        if (Store.HideDrawers && method.Name == nameof(IUnitOfWork.GetSessionContextAsync))
        {
            return WithoutDrawer((Task<SessionContext>)Forward(method, args)!);
        }

        if (Store.HideDrawers && method.Name == nameof(IUnitOfWork.GetDeviceContextAsync))
        {
            return WithoutDrawer((Task<DeviceContext>)Forward(method, args)!);
        }

        if (Store.HideDrawers && method.Name == nameof(IUnitOfWork.GetOpenContextAsync))
        {
            return WithoutDrawer((Task<OpenContext>)Forward(method, args)!);
        }

        return Forward(method, args);
    }

    private static async Task<OpenContext> WithoutDrawer(Task<OpenContext> read) =>
        await read.ConfigureAwait(false) with { Drawer = null };

    private static async Task<SessionContext> WithoutDrawer(Task<SessionContext> read) =>
        await read.ConfigureAwait(false) with { Drawer = null };

    private static async Task<DeviceContext> WithoutDrawer(Task<DeviceContext> read) =>
        await read.ConfigureAwait(false) with { SessionDrawer = null };
}
