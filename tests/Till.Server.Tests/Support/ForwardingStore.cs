using System.Reflection;
using System.Runtime.ExceptionServices;
using Till.Storage;

namespace Till.Server.Tests.Support;

/// <summary>
/// The one base of the tests' store wrappers: forwards every member of <see cref="ITillStore"/> to
/// a real store and hands out its units of work through <see cref="Wrap"/>. A wrapper overrides
/// <see cref="Wrap"/> (usually with a <see cref="ForwardingUnitOfWork"/>) and only the members it
/// changes; a new member of the store's interface is forwarded here, once.
/// </summary>
public abstract class ForwardingStore(ITillStore inner) : ITillStore, IDisposable
{
    /// <summary>The wrapped store.</summary>
    public ITillStore Inner { get; } = inner;

    /// <inheritdoc />
    public virtual string Kind => Inner.Kind;

    /// <inheritdoc />
    public virtual Task MigrateAsync(CancellationToken cancellationToken = default) => Inner.MigrateAsync(cancellationToken);

    /// <inheritdoc />
    public virtual async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default) =>
        Wrap(await Inner.BeginAsync(write, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public virtual Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default) =>
        Inner.WriteAsync(work => unit(Wrap(work)), cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The unit of work the store's callers get in place of the real one (the real one itself unless overridden).</summary>
    protected virtual IUnitOfWork Wrap(IUnitOfWork work) => work;

    /// <summary>Disposes the wrapped store.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            (Inner as IDisposable)?.Dispose();
        }
    }
}

/// <summary>
/// The one base of the tests' unit-of-work wrappers: a dispatch proxy that forwards every call of
/// <see cref="IUnitOfWork"/> to a real unit (unwrapping the reflection exception, so callers see
/// the real one's own), so it keeps compiling and forwarding when the interface grows. A wrapper
/// overrides <see cref="Intercept"/> for the calls it changes and calls <see cref="Forward"/> for
/// the rest; make one with <see cref="Wrap{TProxy}"/>.
/// </summary>
public abstract class ForwardingUnitOfWork : DispatchProxy
{
    /// <summary>The wrapped unit of work.</summary>
    protected IUnitOfWork Inner { get; private set; } = null!;

    /// <summary>A <typeparamref name="TProxy"/> around <paramref name="inner"/>, set up by <paramref name="setup"/> before it is handed out.</summary>
    public static IUnitOfWork Wrap<TProxy>(IUnitOfWork inner, Action<TProxy>? setup = null)
        where TProxy : ForwardingUnitOfWork
    {
        var proxy = Create<IUnitOfWork, TProxy>();
        var self = (TProxy)(object)proxy;
        self.Inner = inner;
        setup?.Invoke(self);
        return proxy;
    }

    /// <inheritdoc />
    protected sealed override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Intercept(targetMethod, args);
    }

    /// <summary>Answers one call: forwards it unless overridden.</summary>
    protected virtual object? Intercept(MethodInfo method, object?[]? args) => Forward(method, args);

    /// <summary>Makes the call on the wrapped unit, raising what it raises.</summary>
    protected object? Forward(MethodInfo method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        try
        {
            return method.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
