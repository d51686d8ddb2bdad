using Till.Devices;
using Till.Drawers;

namespace Till.Shops;

/// <summary>What the demo command creates, for printing.</summary>
public sealed record DemoShop(Shop Shop, Location Location, StaffMember Staff, Device Device, CashDrawer Drawer, string Token);
