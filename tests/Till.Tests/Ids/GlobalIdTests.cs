using Till.Ids;

namespace Till.Tests.Ids;

public sealed class GlobalIdTests
{
    [Fact]
    public void Format_TypeAndNumber_IsShopifyGid() =>
        GlobalId.Format(GidTypes.Shop, 42).ShouldBe("gid://shopify/Shop/42");

    [Fact]
    public void ToString_RoundTripsThroughTryParse()
    {
        var id = new GlobalId(GidTypes.PaymentSession, 7);
        id.ToString().ShouldBe("gid://shopify/PointOfSaleDevicePaymentSession/7");
        GlobalId.TryParse(id.ToString(), out var parsed).ShouldBeTrue();
        parsed.ShouldBe(id);
    }

    [Theory]
    [InlineData("gid://shopify/Shop/1", "Shop", 1L)]
    [InlineData("gid://shopify/CashDrawer/123456789", "CashDrawer", 123456789L)]
    [InlineData("gid://shopify/CashManagementCustomReasonCode/5", "CashManagementCustomReasonCode", 5L)]
    [InlineData("gid://shopify/Location/999999999999999999", "Location", 999999999999999999L)]
    public void TryParse_WellFormedId_GivesTypeAndNumber(string text, string type, long number)
    {
        GlobalId.TryParse(text, out var id).ShouldBeTrue();
        id.Type.ShouldBe(type);
        id.Id.ShouldBe(number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("Shop/1")]
    [InlineData("gid://other/Shop/1")]
    [InlineData("gid://Shopify/Shop/1")]
    [InlineData("http://shopify/Shop/1")]
    [InlineData(" gid://shopify/Shop/1")]
    [InlineData("gid://shopify/Shop")]
    [InlineData("gid://shopify/Shop/")]
    [InlineData("gid://shopify//1")]
    [InlineData("gid://shopify/Shop/0")]
    [InlineData("gid://shopify/Shop/-1")]
    [InlineData("gid://shopify/Shop/+1")]
    [InlineData("gid://shopify/Shop/abc")]
    [InlineData("gid://shopify/Shop/1.5")]
    [InlineData("gid://shopify/Shop/1e3")]
    [InlineData("gid://shopify/Shop/ 1")]
    [InlineData("gid://shopify/Shop/1/2")]
    [InlineData("gid://shopify/Sh op/1")]
    [InlineData("gid://shopify/Shop-x/1")]
    [InlineData("gid://shopify/Shop/9223372036854775808")]
    [InlineData("gid://shopify/Shop/99999999999999999999999")]
    public void TryParse_MalformedId_IsRejected(string text) =>
        GlobalId.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_Null_IsRejected() =>
        GlobalId.TryParse(null, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_VeryLongText_IsRejected() =>
        GlobalId.TryParse("gid://shopify/" + new string('A', 300) + "/1", out _).ShouldBeFalse();

    [Fact]
    public void ParseOf_MatchingType_GivesNumber() =>
        GlobalId.ParseOf("gid://shopify/CashDrawer/9", GidTypes.CashDrawer).ShouldBe(9L);

    [Theory]
    [InlineData("gid://shopify/Location/9", GidTypes.CashDrawer)]
    [InlineData("gid://shopify/Shop/9", GidTypes.Location)]
    [InlineData("gid://shopify/CashManagementDefaultReasonCode/9", GidTypes.CustomReasonCode)]
    [InlineData("gid://shopify/cashdrawer/9", GidTypes.CashDrawer)]
    [InlineData("gid://shopify/PointOfSaleDevicePaymentSession/9", GidTypes.Device)]
    [InlineData("gid://shopify/CashTrackingSession/9", GidTypes.PaymentSession)]
    public void ParseOf_TypeMismatch_IsNull(string text, string type) =>
        GlobalId.ParseOf(text, type).ShouldBeNull();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gid://shopify/CashDrawer/0")]
    [InlineData("gid://shopify/CashDrawer/-3")]
    [InlineData("gid://shopify/CashDrawer/x")]
    [InlineData("9")]
    public void ParseOf_MalformedId_IsNull(string? text) =>
        GlobalId.ParseOf(text, GidTypes.CashDrawer).ShouldBeNull();
}
