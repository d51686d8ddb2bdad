namespace Till.Shops;

/// <summary>
/// The orders the shop's locations and staff are listed in: by ID, or by a text column, compared
/// without regard to ASCII case and then by code point, ties broken by ID.
/// </summary>
public enum ListOrder
{
    /// <summary>By ID.</summary>
    Id,
    /// <summary>A location's name.</summary>
    Name,
    /// <summary>A staff member's email.</summary>
    Email,
    /// <summary>A staff member's first name.</summary>
    FirstName,
    /// <summary>A staff member's last name.</summary>
    LastName,
}
