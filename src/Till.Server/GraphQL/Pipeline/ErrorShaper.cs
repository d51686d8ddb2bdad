using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQLParser.Exceptions;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// Step 7, shape errors: rewrites GraphQL.NET's errors, by their type, into the messages and codes
/// Shopify's Admin API uses, and makes sure no unexpected failure shows its internals.
/// </summary>
internal static partial class ErrorShaper
{
    /// <summary>Replaces every error of a result by its Shopify shape.</summary>
    public static void ShapeAll(ExecutionResult result, string requestId)
    {
        if (result.Errors is not { Count: > 0 } errors)
        {
            return;
        }

        var shaped = new ExecutionErrors();
        foreach (var error in errors)
        {
            shaped.Add(Shape(error, requestId));
        }

        result.Errors = shaped;
    }

    /// <summary>The error for a document the parser refused (Till parses before GraphQL.NET sees the text).</summary>
    public static ShopifyError ParseError(GraphQLParserException e)
    {
        var message = e is GraphQLMaxDepthExceededException
            ? $"Parse error: the document is nested more than {DocumentLimits.MaxDocumentDepth} levels deep."
            : "Parse error: " + e.Description;
        var error = new ShopifyError(message, Ext("parseError"));
        if (e.Location.Line > 0)
        {
            error.AddLocation(new GraphQLParser.Location(e.Location.Line, e.Location.Column));
        }

        return error;
    }

    /// <summary>Shopify's answer to an unexpected failure: the request ID, and nothing of what failed.</summary>
    public static ShopifyError InternalError(string requestId) => new(
        $"Internal error. Looks like something went wrong on our end.\nRequest ID: {requestId} (include this in support requests).",
        new Dictionary<string, object?> { ["code"] = "INTERNAL_SERVER_ERROR", ["requestId"] = requestId });

    public static ExecutionError Shape(ExecutionError error, string requestId)
    {
        var shaped = ShapeCore(error, requestId);
        if (!ReferenceEquals(shaped, error))
        {
            shaped.Path = error.Path;
            foreach (var location in error.Locations ?? [])
            {
                shaped.AddLocation(location);
            }
        }

        return shaped;
    }

    private static ExecutionError ShapeCore(ExecutionError error, string requestId)
    {
        if (error is ShopifyError)
        {
            return error;
        }

        if (Inner<InvalidScalarException>(error) is { } scalar)
        {
            if (error is InvalidVariableError variable)
            {
                return new ShopifyError(VariableMessage(variable.Message), Ext("INVALID_VARIABLE", ("problems", new[] { new Dictionary<string, object?> { ["path"] = Array.Empty<object>(), ["explanation"] = scalar.Message } })));
            }

            return new ShopifyError(scalar.Message, Ext(scalar.Code));
        }

        switch (error)
        {
            case FieldsOnCorrectTypeError when FieldOnType().Match(error.Message) is { Success: true } m:
                return new ShopifyError($"Field '{m.Groups[1].Value}' doesn't exist on type '{m.Groups[2].Value}'", Ext("undefinedField", ("typeName", m.Groups[2].Value), ("fieldName", m.Groups[1].Value)));
            case KnownArgumentNamesError when UnknownArgument().Match(error.Message) is { Success: true } m:
                return new ShopifyError($"Field '{m.Groups[2].Value}' doesn't accept argument '{m.Groups[1].Value}'", Ext("argumentNotAccepted", ("name", m.Groups[2].Value), ("typeName", "Field"), ("argumentName", m.Groups[1].Value)));
            case ProvidedNonNullArgumentsError when MissingArgument().Match(error.Message) is { Success: true } m:
                return new ShopifyError($"Field '{m.Groups[2].Value}' is missing required arguments: {m.Groups[1].Value}", Ext("missingRequiredArguments", ("className", "Field"), ("name", m.Groups[2].Value), ("arguments", m.Groups[1].Value)));
            case ArgumentsOfCorrectTypeError when InvalidId().Match(error.Message) is { Success: true } m:
                return new ShopifyError($"Invalid global id '{m.Groups[1].Value}'", Ext("argumentLiteralsIncompatible"));
            case ArgumentsOfCorrectTypeError:
                return new ShopifyError(error.Message, Ext("argumentLiteralsIncompatible"));
            case ScalarLeafsError:
                return new ShopifyError(error.Message, Ext("selectionMismatch"));
            case KnownTypeNamesError:
                return new ShopifyError(error.Message, Ext("undefinedType"));
            case NoUndefinedVariablesError:
                return new ShopifyError(error.Message, Ext("variableNotDefined"));
            case NoUnusedVariablesError:
                return new ShopifyError(error.Message, Ext("variableNotUsed"));
            case InvalidVariableError:
                return new ShopifyError(VariableMessage(error.Message), Ext("INVALID_VARIABLE", ("problems", new[] { new Dictionary<string, object?> { ["path"] = Array.Empty<object>(), ["explanation"] = error.Message } })));
            case SyntaxError:
                return new ShopifyError(error.Message.Replace("Error parsing query: ", "Parse error: ", StringComparison.Ordinal), Ext("parseError"));
            default:
                break;
        }

        if (error is ValidationError)
        {
            return new ShopifyError(error.Message, Ext(Camel(error.Code ?? "VALIDATION_ERROR")));
        }

        if (error.InnerException is not null && error.InnerException is not ExecutionError)
        {
            return InternalError(requestId);
        }

        return new ShopifyError(error.Message, Ext(error.Code ?? "BAD_REQUEST"));
    }

    private static string VariableMessage(string message) =>
        VariableName().Match(message) is { Success: true } m ? $"Variable ${m.Groups[1].Value} of type {m.Groups[2].Value} was provided invalid value" : message;

    private static Dictionary<string, object?> Ext(string code, params (string Key, object? Value)[] more)
    {
        var ext = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (key, value) in more)
        {
            ext[key] = value;
        }

        return ext;
    }

    private static T? Inner<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Camel(string code)
    {
        var parts = code.ToLowerInvariant().Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? code : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    [GeneratedRegex("Expected type 'ID!?', found \"(.*)\"\\.$")]
    private static partial Regex InvalidId();

    [GeneratedRegex("Cannot query field '(.+?)' on type '(.+?)'")]
    private static partial Regex FieldOnType();

    [GeneratedRegex("Unknown argument '(.+?)' on field '(.+?)'")]
    private static partial Regex UnknownArgument();

    [GeneratedRegex("Argument '(.+?)' of type '.+?' is required for field '(.+?)'")]
    private static partial Regex MissingArgument();

    [GeneratedRegex(@"Variable '\$(\w+)' of type '?([\w!\[\]]+)'?")]
    private static partial Regex VariableName();
}
