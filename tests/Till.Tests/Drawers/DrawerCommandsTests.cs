using Till.Drawers;
using Till.Tests.Support;

namespace Till.Tests.Drawers;

public sealed class DrawerCommandsTests : IAsyncLifetime
{
    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void NameError_Blank_SaysSo(string name) =>
        DrawerCommands.NameError(name).ShouldNotBeNull().ShouldContain("blank");

    [Fact]
    public void NameError_LongerThan255AfterTrimming_SaysSo()
    {
        DrawerCommands.NameError(new string('x', 256)).ShouldNotBeNull().ShouldContain("255");
        DrawerCommands.NameError(new string('x', 255)).ShouldBeNull();
        DrawerCommands.NameError("  " + new string('x', 255) + "  ").ShouldBeNull();
    }

    [Fact]
    public void NameKey_IgnoresCaseAndSurroundingWhitespace() =>
        DrawerCommands.NameKey("  Front Drawer ").ShouldBe(DrawerCommands.NameKey("FRONT drawer"));

    [Fact]
    public async Task Create_AtLocation_TakesTheLocationsCurrencyAndTrimmedName()
    {
        var cad = (await till.Provisioning.CreateLocationAsync(till.ShopId, "North", "CAD"))!;

        var outcome = await till.Drawers.CreateAsync(till.ShopId, cad.Id, "  Back  ");

        outcome.Errors.ShouldBeEmpty();
        var drawer = outcome.Value!;
        drawer.Name.ShouldBe("Back");
        drawer.Currency.ShouldBe("CAD");
        drawer.LocationId.ShouldBe(cad.Id);
        drawer.Balance.ShouldBe(0m);
        drawer.ActivityCount.ShouldBe(0);
        (await till.DrawerAsync(drawer.Id)).ShouldBe(drawer);
    }

    [Fact]
    public async Task Create_UnknownOrMissingLocation_IsLocationNotFound()
    {
        (await till.Drawers.CreateAsync(till.ShopId, 999_999, "X")).Errors.ShouldHaveSingleItem().Code.ShouldBe("LOCATION_NOT_FOUND");
        (await till.Drawers.CreateAsync(till.ShopId, null, "X")).Errors.ShouldHaveSingleItem().Code.ShouldBe("LOCATION_NOT_FOUND");
    }

    [Fact]
    public async Task Create_OtherShopsLocation_IsLocationNotFound()
    {
        var other = await till.Provisioning.CreateShopAsync("Other", "USD");

        var outcome = await till.Drawers.CreateAsync(other.Id, till.LocationId, "Mine");

        var error = outcome.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("LOCATION_NOT_FOUND");
        error.Field.ShouldBe(["locationId"]);
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("")]
    public async Task Create_BlankName_IsInvalidName(string name)
    {
        var error = (await till.Drawers.CreateAsync(till.ShopId, till.LocationId, name)).Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("INVALID_NAME");
        error.Field.ShouldBe(["name"]);
    }

    [Fact]
    public async Task Create_NameOf256Characters_IsInvalidName() =>
        (await till.Drawers.CreateAsync(till.ShopId, till.LocationId, new string('d', 256))).Errors.ShouldHaveSingleItem().Code.ShouldBe("INVALID_NAME");

    [Theory]
    [InlineData("Drawer 1")]
    [InlineData("drawer 1")]
    [InlineData("  DRAWER 1  ")]
    public async Task Create_SameNameAtSameLocation_AlreadyExists(string name) =>
        (await till.Drawers.CreateAsync(till.ShopId, till.LocationId, name)).Errors.ShouldHaveSingleItem().Code.ShouldBe("CASH_DRAWER_ALREADY_EXISTS");

    [Fact]
    public async Task Create_SameNameAtAnotherLocation_IsFine()
    {
        var north = (await till.Provisioning.CreateLocationAsync(till.ShopId, "North", null))!;

        (await till.Drawers.CreateAsync(till.ShopId, north.Id, "Drawer 1")).Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Assign_DrawerAtAnotherLocation_IsLocationMismatch()
    {
        var north = (await till.Provisioning.CreateLocationAsync(till.ShopId, "North", null))!;
        var drawer = (await till.Drawers.CreateAsync(till.ShopId, north.Id, "North drawer")).Value!;

        (await till.Drawers.AssignAsync(till.ShopId, drawer.Id, till.DeviceId)).Errors.ShouldHaveSingleItem().Code.ShouldBe("LOCATION_MISMATCH");
    }

    [Fact]
    public async Task Assign_UnknownDrawerOrDevice_IsNotFound()
    {
        (await till.Drawers.AssignAsync(till.ShopId, 999_999, till.DeviceId)).Errors.ShouldHaveSingleItem().Code.ShouldBe("CASH_DRAWER_NOT_FOUND");
        (await till.Drawers.AssignAsync(till.ShopId, null, till.DeviceId)).Errors.ShouldHaveSingleItem().Code.ShouldBe("CASH_DRAWER_NOT_FOUND");
        (await till.Drawers.AssignAsync(till.ShopId, till.DrawerId, 999_999)).Errors.ShouldHaveSingleItem().Code.ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
        (await till.Drawers.AssignAsync(till.ShopId, till.DrawerId, null)).Errors.ShouldHaveSingleItem().Code.ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
    }

    [Fact]
    public async Task Assign_AgainToAnotherDrawer_ReplacesTheAssignmentButNotTheOpenSessionsDrawer()
    {
        var session = await till.OpenedAsync("100.00");
        var second = (await till.Drawers.CreateAsync(till.ShopId, till.LocationId, "Drawer 2")).Value!;

        var outcome = await till.Drawers.AssignAsync(till.ShopId, second.Id, till.DeviceId);

        outcome.Value!.CashDrawerId.ShouldBe(second.Id);
        await using (var work = await till.Store.BeginAsync(false))
        {
            (await work.GetDeviceAsync(till.ShopId, till.DeviceId))!.CashDrawerId.ShouldBe(second.Id);
        }

        await till.RecordedAsync("SALE", 10m);
        (await till.SessionAsync(session.Id)).DrawerId.ShouldBe(till.DrawerId);
        (await till.AssertBookBalanceIsActivitySumAsync(till.DrawerId)).ShouldBe(110m);
        (await till.AssertBookBalanceIsActivitySumAsync(second.Id)).ShouldBe(0m);
        var closed = (await till.CloseAsync(session.Id, "110.00")).Value!;
        closed.ExpectedCashAtClose.ShouldBe(110m);

        var next = await till.OpenedAsync("40.00");
        next.DrawerId.ShouldBe(second.Id);
        (await till.AssertBookBalanceIsActivitySumAsync(second.Id)).ShouldBe(40m);
        (await till.AssertBookBalanceIsActivitySumAsync(till.DrawerId)).ShouldBe(110m);
    }
}
