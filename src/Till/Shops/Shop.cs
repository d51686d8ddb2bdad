using System.Globalization;
using System.Text;

namespace Till.Shops;

/// <summary>A tenant: everything else belongs to exactly one shop.</summary>
/// <param name="TimeZone">The shop's IANA time zone, in which its days are counted (see <see cref="ShopTime"/>).</param>
public sealed record Shop(long Id, string Name, string Currency, DateTimeOffset CreatedAt, string TimeZone = ShopTime.Utc)
{
    /// <summary>The shop's local time.</summary>
    public ShopTime Time => ShopTime.Of(TimeZone);

    /// <summary>
    /// The shop's permanent domain: its name in lower-case letters and digits joined by hyphens (at
    /// most 40 characters), then its number, so two shops of one name never share it:
    /// <c>demo-shop-1.myshopify.com</c>.
    /// </summary>
    public string MyshopifyDomain
    {
        get
        {
            var slug = new StringBuilder();
            foreach (var c in Name.ToLowerInvariant())
            {
                if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                {
                    slug.Append(c);
                }
                else if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }

                if (slug.Length >= 40)
                {
                    break;
                }
            }

            var text = slug.ToString().Trim('-');
            return (text.Length == 0 ? "shop" : text) + "-" + Id.ToString(CultureInfo.InvariantCulture) + ".myshopify.com";
        }
    }
}
