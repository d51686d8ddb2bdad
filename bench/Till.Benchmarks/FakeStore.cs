using System.Collections.Concurrent;
using System.Reflection;
using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Storage;

namespace Till.Benchmarks;

/// <summary>
/// A store without a database: every unit of work finds the same open session, active staff member
/// and drawer, and accepts every write. Closing through it measures GraphQL and the use case alone.
/// </summary>
internal sealed class FakeStore : ITillStore
{
    public const long ShopId = 1, SessionId = 7, StaffId = 3, DrawerId = 5;

    public string Kind => "fake";

    public Task MigrateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default) => Task.FromResult(FakeUnitOfWork.Create());

    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default) =>
        WriteUnit.OneAtATimeAsync(token => BeginAsync(write: true, token), unit, cancellationToken);
}

/// <summary>Answers the unit-of-work calls a close makes; any other call returns null, zero or false.</summary>
public class FakeUnitOfWork : DispatchProxy
{
    private static readonly DateTimeOffset Opened = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly PaymentSession Session = new()
    {
        ShopId = FakeStore.ShopId,
        Id = FakeStore.SessionId,
        DeviceId = 2,
        DrawerId = FakeStore.DrawerId,
        LocationId = 1,
        Currency = "USD",
        Status = SessionStatus.Open,
        OpeningTime = Opened,
        OpeningStaffId = FakeStore.StaffId,
        ExpectedCashAtOpen = 100m,
        CashCountedAtOpen = 100m,
    };

    private static readonly StaffMember Staff = new(FakeStore.ShopId, FakeStore.StaffId, "Bench", "Staff", "bench@example.com", true, false);

    private static readonly CashDrawer Drawer = new(FakeStore.ShopId, FakeStore.DrawerId, 1, "Bench drawer", "USD", 120m, 25, Opened);

    private static readonly ConcurrentDictionary<Type, object> Defaults = new();

    private static readonly MethodInfo FromResult = typeof(Task).GetMethod(nameof(Task.FromResult))!;

    internal static IUnitOfWork Create() => Create<IUnitOfWork, FakeUnitOfWork>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
    {
        "GetSessionAsync" => Task.FromResult<PaymentSession?>(Session),
        "GetStaffAsync" => Task.FromResult<StaffMember?>(Staff),
        "GetDrawerAsync" => Task.FromResult<CashDrawer?>(Drawer),
        "GetSessionContextAsync" => Task.FromResult(new SessionContext(Session, Staff, Drawer)),
        "AppendActivityAsync" => Task.FromResult((CashActivity)args![0]! with { Id = 11 }),
        "CloseSessionAsync" => Task.FromResult(true),
        "GetSessionTotalsAsync" => Task.FromResult(SessionTotals.Empty),
        "GetLocationCashSettingsAsync" => Task.FromResult(Till.CashSettings.LocationCashSettings.Default),
        "CommitAsync" => Task.CompletedTask,
        "DisposeAsync" => ValueTask.CompletedTask,
        _ => Default(targetMethod.ReturnType),
    };

    private static object? Default(Type type)
    {
        if (type == typeof(Task))
        {
            return Task.CompletedTask;
        }

        if (type == typeof(ValueTask))
        {
            return ValueTask.CompletedTask;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return Defaults.GetOrAdd(type, t =>
            {
                var result = t.GetGenericArguments()[0];
                return FromResult.MakeGenericMethod(result).Invoke(null, [result.IsValueType ? Activator.CreateInstance(result) : null])!;
            });
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
