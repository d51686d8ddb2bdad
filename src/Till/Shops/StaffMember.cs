using Till.Staff;

namespace Till.Shops;

/// <summary>A person who opens, counts, adjusts and closes sessions; <see cref="Role"/> decides what else they may do and see.</summary>
public sealed record StaffMember(long ShopId, long Id, string FirstName, string LastName, string Email, bool Active, bool IsShopOwner, StaffRole Role = StaffRole.Cashier);
