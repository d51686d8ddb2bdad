using System.Reflection;
using System.Runtime.ExceptionServices;
using Till.Storage;

namespace Till.Server.Tests.Protocol;

/// <summary>A store whose units of work fail the named methods with an exception full of internals, once armed.</summary>
internal sealed class FailingStore(ITillStore inner) : ITillStore, IDisposable
{
    public const string LeakyMessage = "SQLite Error 11: 'database disk image is malformed'. Microsoft.Data.Sqlite.SqliteException at Till.Storage.Sqlite.SqliteUnitOfWork.GetSessionAsync() in /work/main/src/Till.Storage.Sqlite/SqliteUnitOfWork.cs:line 42";

    public HashSet<string> FailingMethods { get; } = new(StringComparer.Ordinal);

    public string Kind => inner.Kind;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        var unit = await inner.BeginAsync(write, cancellationToken);
        return FailingMethods.Count == 0 ? unit : FailingUnitOfWork.Wrap(unit, [.. FailingMethods]);
    }

    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(work => unit(FailingMethods.Count == 0 ? work : FailingUnitOfWork.Wrap(work, [.. FailingMethods])), cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}

/// <summary>Forwards every call to a real unit of work, except the ones it is told to fail.</summary>
public class FailingUnitOfWork : DispatchProxy
{
    private static readonly MethodInfo FromException = typeof(Task).GetMethods()
        .Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethodDefinition);

    private IUnitOfWork inner = null!;
    private HashSet<string> failing = [];

    internal static IUnitOfWork Wrap(IUnitOfWork inner, HashSet<string> failing)
    {
        var proxy = Create<IUnitOfWork, FailingUnitOfWork>();
        var self = (FailingUnitOfWork)(object)proxy;
        self.inner = inner;
        self.failing = failing;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (failing.Contains(targetMethod.Name))
        {
            var failure = new InvalidOperationException(FailingStore.LeakyMessage);
            var returns = targetMethod.ReturnType;
            if (returns == typeof(Task))
            {
                return Task.FromException(failure);
            }

            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            {
                return FromException.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(null, [failure]);
            }

            throw failure;
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
