using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Rules;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// Step 6, execute: GraphQL.NET validates (unless the document was validated before) and runs the
/// operation against the version's schema, with the request's identity as the user context.
/// </summary>
internal static class Executor
{
    private static readonly IValidationRule[] NoRules = [];
    private static readonly IValidationRule[] ArgumentRules = [FieldArgumentsAreValidRule.Instance];

    /// <summary>
    /// The validation rules for a document that already passed validation against this schema: only
    /// those whose verdict can change with the request's variables. Of GraphQL.NET's core rules that is
    /// just the one calling fields' own argument checks, and it does nothing unless the schema has one,
    /// so for Till's schemas this is no rule at all. Variables are coerced against the document's
    /// declarations and arguments parsed on every request whatever the rules.
    /// </summary>
    public static IValidationRule[] RulesForValidated(ISchema schema) =>
        schema.GetMetadata<bool>(FieldArgumentsAreValidRule.HAS_FIELD_ARGUMENT_VALIDATION_KEY) ? ArgumentRules : NoRules;

    /// <summary>
    /// Runs the request. <paramref name="unhandled"/> hears about an unexpected exception, which then
    /// becomes an error of the result; without it the exception is thrown (as the benchmarks want).
    /// </summary>
    public static Task<ExecutionResult> RunAsync(
        IDocumentExecuter executer, ISchema schema, ParsedDocument document, GraphQLRequest request, TillRequest context, IServiceProvider services, Func<Exception, Task>? unhandled, CancellationToken cancellationToken) =>
        executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = request.Query;
            options.Document = document.Document;
            if (document.Validated)
            {
                options.ValidationRules = RulesForValidated(schema);
            }

            options.Variables = request.Variables;
            options.OperationName = request.OperationName;
            options.UserContext = context;
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
            options.ThrowOnUnhandledException = unhandled is null;
            if (unhandled is not null)
            {
                options.UnhandledExceptionDelegate = failure => unhandled(failure.Exception);
            }
        });
}
