namespace Till.Staff;

/// <summary>What a staff member may do and see in cash management.</summary>
public enum StaffRole
{
    /// <summary>Runs sessions; at a location with blind counts, sees no expected or discrepancy figure.</summary>
    Cashier,

    /// <summary>Runs sessions, sees every figure and approves variance reviews.</summary>
    Manager,
}

/// <summary>The names a role has on the wire and in storage (<c>CASHIER</c>, <c>MANAGER</c>).</summary>
public static class StaffRoles
{
    /// <summary>The role's name.</summary>
    public static string Name(StaffRole role) => role == StaffRole.Manager ? "MANAGER" : "CASHIER";

    /// <summary>The role of that name (exact, upper case), or null.</summary>
    public static StaffRole? Parse(string? name) => name switch
    {
        "CASHIER" => StaffRole.Cashier,
        "MANAGER" => StaffRole.Manager,
        _ => null,
    };
}
