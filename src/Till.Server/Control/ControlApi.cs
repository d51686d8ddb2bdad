using System.Text.Json;
using Till.Common;
using Till.Devices;
using Till.Ids;
using Till.Money;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Shops;
using Till.SignIn;
using Till.Staff;
using Till.Storage;
using Till.Transactions;

namespace Till.Server.Control;

/// <summary>Till's own control API under <c>/till/v1</c>: provisioning and recording order transactions.</summary>
internal static class ControlApi
{
    public static void Map(WebApplication app)
    {
        // Liveness: the process answers. Readiness: it can reach its database.
        app.MapGet("/till/v1/health", (ITillStore store) => Results.Json(new { status = "ok", database = store.Kind }));
        app.MapGet("/till/v1/ready", ReadyAsync);

        var group = app.MapGroup("/till/v1").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            return await http.RequestServices.GetRequiredService<AdminKey>().AuthorizesAsync(http).ConfigureAwait(false)
                ? await next(context).ConfigureAwait(false)
                : Unauthorized();
        });

        group.MapPost("/shops", CreateShopAsync);
        group.MapPost("/shops/{shop}/locations", CreateLocationAsync);
        group.MapPatch("/shops/{shop}/locations/{id}", UpdateLocationAsync);
        group.MapPost("/shops/{shop}/staff", CreateStaffAsync);
        group.MapPatch("/shops/{shop}/staff/{id}", UpdateStaffAsync);
        group.MapPut("/shops/{shop}/staff/{id}/pin", SetStaffPinAsync);
        group.MapGet("/shops/{shop}/staff/{id}/sign-ins", ListSignInsAsync);
        group.MapPost("/shops/{shop}/devices", CreateDeviceAsync);
        group.MapPatch("/shops/{shop}/devices/{id}", UpdateDeviceAsync);
        group.MapPost("/shops/{shop}/tokens", CreateTokenAsync);
        group.MapDelete("/shops/{shop}/tokens/{token}", RevokeTokenAsync);
        group.MapPost("/shops/{shop}/transactions", RecordTransactionAsync);
    }

    /// <summary>How long the readiness check waits for the database.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Readiness: one read of one row of the settings table (whether the row exists does not matter), within
    /// <see cref="ReadyTimeout"/>; 503 in the error envelope when the database cannot answer it.
    /// </summary>
    private static async Task<IResult> ReadyAsync(HttpContext http, ITillStore store)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            await using var work = await store.BeginAsync(write: false, timeout.Token).ConfigureAwait(false);
            await work.GetSettingAsync(Provisioning.RevocationMarker).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to read means not ready; what it was is not the client's business.
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // Not logged: anyone may ask, and the revocation watch already says once per outage that the database is not answering.
            return Error(503, "DATABASE_UNAVAILABLE", "The database cannot be reached; this node cannot serve requests now.");
        }

        return Results.Json(new { status = "ready", database = store.Kind });
    }

    private static async Task<IResult> CreateShopAsync(HttpRequest request, Provisioning provisioning)
    {
        var body = await ReadAsync(request).ConfigureAwait(false);
        if (body is null)
        {
            return BadJson();
        }

        var name = Text(body.Value, "name");
        var currency = Text(body.Value, "currency");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            return Error(422, "INVALID", "name is required (at most 255 characters).", "name");
        }

        if (!Currency.IsKnown(currency))
        {
            return Error(422, "INVALID", "currency must be a currency code of the schema's CurrencyCode enum, such as USD.", "currency");
        }

        var timezone = ShopTime.Utc;
        if (body.Value.TryGetProperty("timezone", out var zone) && zone.ValueKind != JsonValueKind.Null)
        {
            if (zone.ValueKind != JsonValueKind.String || !ShopTime.IsKnown(zone.GetString()))
            {
                return Error(422, "INVALID", "timezone must be an IANA time zone such as America/New_York, spelt as the time zone database spells it.", "timezone");
            }

            timezone = zone.GetString()!;
        }

        var shop = await provisioning.CreateShopAsync(name.Trim(), currency!, timezone, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { id = GlobalId.Format(GidTypes.Shop, shop.Id), name = shop.Name, currency = shop.Currency, timezone = shop.TimeZone, myshopifyDomain = shop.MyshopifyDomain }, statusCode: 201);
    }

    private static async Task<IResult> CreateLocationAsync(string shop, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var name = Text(body, "name");
            var currency = Text(body, "currency");
            if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
            {
                return Error(422, "INVALID", "name is required (at most 255 characters).", "name");
            }

            if (currency is not null && !Currency.IsKnown(currency))
            {
                return Error(422, "INVALID", "currency must be a currency code of the schema's CurrencyCode enum, such as USD.", "currency");
            }

            var location = await provisioning.CreateLocationAsync(shopId, name.Trim(), currency, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return location is null
                ? ShopNotFound()
                : Results.Json(new { id = GlobalId.Format(GidTypes.Location, location.Id), name = location.Name, currency = location.Currency }, statusCode: 201);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateLocationAsync(string shop, string id, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var hasActive = body.TryGetProperty("active", out var active);
            var hasPosPro = body.TryGetProperty("posPro", out var posPro);
            if (!hasActive && !hasPosPro)
            {
                return Error(422, "INVALID", "Give active or posPro (true or false).", "active");
            }

            foreach (var (given, value, field) in new[] { (hasActive, active, "active"), (hasPosPro, posPro, "posPro") })
            {
                if (given && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Error(422, "INVALID", $"{field} must be true or false.", field);
                }
            }

            var cancel = request.HttpContext.RequestAborted;
            if (GlobalId.ParseOf(Uri.UnescapeDataString(id), GidTypes.Location) is not { } locationId
                || (hasActive && !await provisioning.SetLocationActiveAsync(shopId, locationId, active.GetBoolean(), cancel).ConfigureAwait(false))
                || (hasPosPro && !await provisioning.SetLocationPosProAsync(shopId, locationId, posPro.GetBoolean(), cancel).ConfigureAwait(false)))
            {
                return Error(404, "NOT_FOUND", "Location not found.", "id");
            }

            var location = (await provisioning.GetLocationAsync(shopId, locationId, cancel).ConfigureAwait(false))!;
            return Results.Json(new { id = GlobalId.Format(GidTypes.Location, locationId), active = location.IsActive, posPro = location.PosPro });
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> CreateStaffAsync(string shop, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var first = Text(body, "firstName") ?? string.Empty;
            var last = Text(body, "lastName") ?? string.Empty;
            var email = Text(body, "email");
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 255)
            {
                return Error(422, "INVALID", "email is required.", "email");
            }

            if (first.Length > 255 || last.Length > 255)
            {
                return Error(422, "INVALID", "Names must be at most 255 characters.", "firstName");
            }

            var role = StaffRole.Cashier;
            if (body.TryGetProperty("role", out var roleElement))
            {
                if (RoleOf(roleElement) is not { } given)
                {
                    return RoleInvalid();
                }

                role = given;
            }

            var staff = await provisioning.CreateStaffAsync(shopId, first.Trim(), last.Trim(), email.Trim(), role, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return staff is null
                ? ShopNotFound()
                : Results.Json(new { id = GlobalId.Format(GidTypes.StaffMember, staff.Id), firstName = staff.FirstName, lastName = staff.LastName, email = staff.Email, active = staff.Active, role = StaffRoles.Name(staff.Role) }, statusCode: 201);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateStaffAsync(string shop, string id, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var hasActive = body.TryGetProperty("active", out var active);
            var hasRole = body.TryGetProperty("role", out var roleElement);
            if (!hasActive && !hasRole)
            {
                return Error(422, "INVALID", "Give active (true or false), role (CASHIER or MANAGER), or both.", "active");
            }

            if (hasActive && active.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Error(422, "INVALID", "active must be true or false.", "active");
            }

            var role = hasRole ? RoleOf(roleElement) : null;
            if (hasRole && role is null)
            {
                return RoleInvalid();
            }

            var staffId = GlobalId.ParseOf(Uri.UnescapeDataString(id), GidTypes.StaffMember);
            var staff = staffId is { } s
                ? await provisioning.UpdateStaffAsync(shopId, s, hasActive ? active.GetBoolean() : null, role, request.HttpContext.RequestAborted).ConfigureAwait(false)
                : null;
            return staff is not null
                ? Results.Json(new { id = GlobalId.Format(GidTypes.StaffMember, staff.Id), active = staff.Active, role = StaffRoles.Name(staff.Role) })
                : Error(404, "NOT_FOUND", "Staff member not found.", "id");
        }).ConfigureAwait(false);
    }

    /// <summary>Sets a staff member's PIN for the cash office app (the PIN is stored hashed and never answered).</summary>
    private static async Task<IResult> SetStaffPinAsync(string shop, string id, HttpRequest request, StaffSignIn signIn)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var staffId = GlobalId.ParseOf(Uri.UnescapeDataString(id), GidTypes.StaffMember);
            if (staffId is null)
            {
                return Error(404, "NOT_FOUND", "Staff member not found.", "id");
            }

            var outcome = await signIn.SetPinAsync(shopId, staffId.Value, Text(body, "pin"), request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                var error = outcome.Errors[0];
                return Error(error.Code == "NOT_FOUND" ? 404 : 422, error.Code!, error.Message, error.Field?[0]);
            }

            return Results.NoContent();
        }).ConfigureAwait(false);
    }

    /// <summary>A staff member's recorded sign-ins, wrong PINs, locks and sign-outs, newest first.</summary>
    private static async Task<IResult> ListSignInsAsync(string shop, string id, HttpRequest request, StaffSignIn signIn)
    {
        var staffId = GlobalId.ParseOf(Uri.UnescapeDataString(id), GidTypes.StaffMember);
        if (ShopIdOf(shop) is not { } shopId || staffId is null)
        {
            return Error(404, "NOT_FOUND", "Staff member not found.", "id");
        }

        var events = await signIn.HistoryAsync(shopId, staffId.Value, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Results.Json(new
        {
            signIns = events.Select(e => new
            {
                outcome = e.Outcome,
                at = e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            }),
        });
    }

    private static async Task<IResult> CreateDeviceAsync(string shop, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var name = DeviceName(Text(body, "name"));
            if (name is null)
            {
                return DeviceNameInvalid(required: true);
            }

            var locationId = GlobalId.ParseOf(Text(body, "locationId"), GidTypes.Location);
            var device = locationId is { } l ? await provisioning.CreateDeviceAsync(shopId, l, name, request.HttpContext.RequestAborted).ConfigureAwait(false) : null;
            return device is null
                ? Error(404, "NOT_FOUND", "Location not found.", "locationId")
                : Results.Json(new { id = GlobalId.Format(GidTypes.Device, device.Id), name = device.Name, locationId = GlobalId.Format(GidTypes.Location, device.LocationId) }, statusCode: 201);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes a device's name and fiscal register identifier: each field given is set (trimmed) or, with
    /// null, cleared; a field left out keeps its value.
    /// </summary>
    private static async Task<IResult> UpdateDeviceAsync(string shop, string id, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var hasName = body.TryGetProperty("name", out var nameElement);
            var hasFiscal = body.TryGetProperty("fiscalDeviceIdentifier", out var fiscal);
            if (!hasName && !hasFiscal)
            {
                return Error(422, "INVALID", "Give fiscalDeviceIdentifier or name (a string, or null to clear it).", "fiscalDeviceIdentifier");
            }

            var name = hasName && nameElement.ValueKind == JsonValueKind.String ? DeviceName(nameElement.GetString()) : null;
            if (hasName && nameElement.ValueKind != JsonValueKind.Null && name is null)
            {
                return DeviceNameInvalid(required: false);
            }

            if (hasFiscal && (fiscal.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                || (fiscal.ValueKind == JsonValueKind.String && (string.IsNullOrWhiteSpace(fiscal.GetString()) || fiscal.GetString()!.Length > 255))))
            {
                return Error(422, "INVALID", "fiscalDeviceIdentifier must be a string of 1 to 255 characters, or null.", "fiscalDeviceIdentifier");
            }

            var identifier = hasFiscal && fiscal.ValueKind == JsonValueKind.String ? fiscal.GetString()!.Trim() : null;
            var deviceId = GlobalId.ParseOf(Uri.UnescapeDataString(id), GidTypes.Device);
            var device = deviceId is { } d
                ? await provisioning.UpdateDeviceAsync(shopId, d, new DeviceChanges(hasName, name, hasFiscal, identifier), request.HttpContext.RequestAborted).ConfigureAwait(false)
                : null;
            return device is null
                ? Error(404, "NOT_FOUND", "Device not found.", "id")
                : Results.Json(new
                {
                    id = GlobalId.Format(GidTypes.Device, device.Id),
                    name = device.Name,
                    fiscalDeviceIdentifier = device.FiscalDeviceIdentifier,
                    locationId = GlobalId.Format(GidTypes.Location, device.LocationId),
                });
        }).ConfigureAwait(false);
    }

    /// <summary>A device's name as given, trimmed; null when it is blank or longer than <see cref="Device.MaxNameLength"/> once trimmed.</summary>
    private static string? DeviceName(string? given) =>
        given?.Trim() is { Length: > 0 and <= Device.MaxNameLength } name ? name : null;

    private static IResult DeviceNameInvalid(bool required) =>
        Error(422, "INVALID", required
            ? $"name is required: a string of 1 to {Device.MaxNameLength} characters once trimmed."
            : $"name must be a string of 1 to {Device.MaxNameLength} characters once trimmed, or null to clear it.", "name");

    private static async Task<IResult> CreateTokenAsync(string shop, HttpRequest request, Provisioning provisioning)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            if (!body.TryGetProperty("scopes", out var scopesElement) || scopesElement.ValueKind != JsonValueKind.Array
                || scopesElement.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || !Provisioning.KnownScopes.Contains(s.GetString()!)))
            {
                return Error(422, "INVALID", $"scopes must be a list of: {string.Join(", ", Provisioning.KnownScopes)}.", "scopes");
            }

            var secret = Text(body, "secret");
            if (body.TryGetProperty("secret", out var secretElement) && secretElement.ValueKind != JsonValueKind.Null
                && (secret is null || secret.Length is 0 or > Provisioning.MaxSecretLength || secret.Any(char.IsControl)))
            {
                return Error(422, "INVALID", $"secret must be a non-empty string of at most {Provisioning.MaxSecretLength} characters, without control characters.", "secret");
            }

            var scopes = scopesElement.EnumerateArray().Select(s => s.GetString()!).Distinct().ToList();
            long? staffId = null;
            if (body.TryGetProperty("staffMemberId", out var staffElement) && staffElement.ValueKind != JsonValueKind.Null)
            {
                staffId = staffElement.ValueKind == JsonValueKind.String ? GlobalId.ParseOf(staffElement.GetString(), GidTypes.StaffMember) : null;
                if (staffId is null)
                {
                    return Error(422, "INVALID", "staffMemberId must be a staff member's global ID, such as gid://shopify/StaffMember/1.", "staffMemberId");
                }
            }

            var outcome = await provisioning.CreateAppTokenAsync(shopId, scopes, secret, staffId, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                var error = outcome.Errors[0];
                return Error(404, error.Code ?? "NOT_FOUND", error.Message, error.Field is { Count: > 0 } f ? f[0] : null);
            }

            return Results.Json(
                new { token = outcome.Value!.Token, scopes, secret = outcome.Value.Secret, staffMemberId = staffId is { } s ? GlobalId.Format(GidTypes.StaffMember, s) : null },
                statusCode: 201);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> RevokeTokenAsync(string shop, string token, HttpRequest request, Provisioning provisioning)
    {
        if (ShopIdOf(shop) is not { } shopId)
        {
            return ShopNotFound();
        }

        return await provisioning.RevokeTokenAsync(shopId, Uri.UnescapeDataString(token), request.HttpContext.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : Error(404, "NOT_FOUND", "Token not found.", "token");
    }

    private static async Task<IResult> RecordTransactionAsync(string shop, HttpRequest request, TransactionRecorder recorder, ITillStore store)
    {
        return await WithShopBodyAsync(request, shop, async (shopId, body) =>
        {
            var root = body;
            if (!ControlIdempotency.TryKeyOf(request, "transactions", root, out var key, out var badKey))
            {
                return badKey!;
            }

            if (key is not null)
            {
                return await ControlIdempotency.RunAsync(store, shopId, key, () => RecordAsync(shopId, request, recorder, root, key), request.HttpContext.RequestAborted).ConfigureAwait(false);
            }

            return (await RecordAsync(shopId, request, recorder, root, key: null).ConfigureAwait(false)).Result;
        }).ConfigureAwait(false);
    }

    /// <summary>Records the transaction a body describes; the answer, with its JSON when it was recorded (the body to keep under an idempotency key).</summary>
    private static async Task<ControlAnswer> RecordAsync(long shopId, HttpRequest request, TransactionRecorder recorder, JsonElement root, IdempotencyKey? key)
    {
        if (!root.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object
            || !MoneyAmount.TryParseDecimal(Text(amount, "amount"), out var value))
        {
            return new(Error(422, "INVALID", "amount must be {\"amount\": \"12.50\", \"currencyCode\": \"USD\"}.", "amount"));
        }

        DateTimeOffset? processedAt = null;
        if (Text(root, "processedAt") is { } timeText)
        {
            try
            {
                processedAt = DateTimeScalar.Parse(timeText);
            }
            catch (InvalidScalarException e)
            {
                return new(Error(422, "INVALID", e.Message, "processedAt"));
            }
        }

        var outcome = await recorder.RecordAsync(new RecordTransactionCommand(
            shopId,
            GlobalId.ParseOf(Text(root, "deviceId"), GidTypes.Device),
            Text(root, "kind") ?? string.Empty,
            Text(root, "gateway") ?? string.Empty,
            value,
            Text(amount, "currencyCode") ?? string.Empty,
            GlobalId.ParseOf(Text(root, "staffMemberId"), GidTypes.StaffMember),
            processedAt), key, request.HttpContext.RequestAborted).ConfigureAwait(false);

        if (!outcome.Succeeded)
        {
            var error = outcome.Errors[0];
            var status = error.Code switch
            {
                "NO_OPEN_SESSION" => 409,
                "NOT_FOUND" => 404,
                _ => 422,
            };
            return new(Error(status, error.Code ?? "INVALID", error.Message, error.Field is { Count: > 0 } f ? f[0] : null));
        }

        var t = outcome.Value!;
        var json = JsonSerializer.Serialize(new
        {
            id = GlobalId.Format(GidTypes.OrderTransaction, t.Id),
            paymentSessionId = t.SessionId is { } s ? GlobalId.Format(GidTypes.PaymentSession, s) : null,
        });
        return new(ControlIdempotency.Created(json), json);
    }

    /// <summary>Reads the JSON body and the shop in the path, answering 400 or 404 when either is wrong.</summary>
    private static async Task<IResult> WithShopBodyAsync(HttpRequest request, string shop, Func<long, JsonElement, Task<IResult>> handle)
    {
        var body = await ReadAsync(request).ConfigureAwait(false);
        if (body is null)
        {
            return BadJson();
        }

        return ShopIdOf(shop) is { } shopId ? await handle(shopId, body.Value).ConfigureAwait(false) : ShopNotFound();
    }

    private static async Task<JsonElement?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > RequestReader.MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A shop in a path: its URL-encoded global ID, or its number.</summary>
    private static long? ShopIdOf(string segment)
    {
        var text = Uri.UnescapeDataString(segment);
        return GlobalId.ParseOf(text, GidTypes.Shop)
            ?? (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static StaffRole? RoleOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? StaffRoles.Parse(element.GetString()) : null;

    private static IResult RoleInvalid() => Error(422, "INVALID", "role must be CASHIER or MANAGER.", "role");

    private static IResult BadJson() => Error(400, "BAD_REQUEST", "The body must be a JSON object.");

    private static IResult ShopNotFound() => Error(404, "NOT_FOUND", "Shop not found.", "shop");

    /// <summary>The answer to a request without the admin key.</summary>
    internal static IResult Unauthorized() => Error(401, "UNAUTHORIZED", "A valid admin key is required: Authorization: Bearer <key>.");

    internal static IResult Error(int status, string code, string message, string? field = null) =>
        Results.Json(new { error = new { code, message, field } }, statusCode: status);
}
