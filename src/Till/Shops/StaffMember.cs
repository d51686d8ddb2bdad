namespace Till.Shops;

/// <summary>A person who opens, counts, adjusts and closes sessions.</summary>
public sealed record StaffMember(long ShopId, long Id, string FirstName, string LastName, string Email, bool Active, bool IsShopOwner);
