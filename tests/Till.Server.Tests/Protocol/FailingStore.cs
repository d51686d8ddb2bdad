using System.Reflection;
using Till.Server.Tests.Support;
using Till.Storage;

namespace Till.Server.Tests.Protocol;

/// <summary>A store whose units of work fail the named methods with an exception full of internals, once armed.</summary>
internal sealed class FailingStore(ITillStore inner) : ForwardingStore(inner)
{
    public const string LeakyMessage = "SQLite Error 11: 'database disk image is malformed'. Microsoft.Data.Sqlite.SqliteException at Till.Storage.Sqlite.SqliteUnitOfWork.GetSessionAsync() in /work/main/src/Till.Storage.Sqlite/SqliteUnitOfWork.cs:line 42";

    public HashSet<string> FailingMethods { get; } = new(StringComparer.Ordinal);

    protected override IUnitOfWork Wrap(IUnitOfWork work) =>
        FailingMethods.Count == 0 ? work : ForwardingUnitOfWork.Wrap<FailingUnitOfWork>(work, w => w.Failing = [.. FailingMethods]);
}

/// <summary>Forwards every call to a real unit of work, except the ones it is told to fail.</summary>
public class FailingUnitOfWork : ForwardingUnitOfWork
{
    private static readonly MethodInfo FromException = typeof(Task).GetMethods()
        .Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethodDefinition);

    internal HashSet<string> Failing { get; set; } = [];

    protected override object? Intercept(MethodInfo method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!Failing.Contains(method.Name))
        {
            return Forward(method, args);
        }

        var failure = new InvalidOperationException(FailingStore.LeakyMessage);
        var returns = method.ReturnType;
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
}
