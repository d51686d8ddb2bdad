using System.Reflection;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Till.Server;

namespace Till.Benchmarks;

/// <summary>
/// Till.Server's schema factory, request context and query-cost calculator are internal; the
/// benchmarks reach them by reflection once, then call them through delegates, so the measured
/// path is the one AdminApi runs. (An InternalsVisibleTo for Till.Benchmarks would make this plain code.)
/// </summary>
internal static class TillInternals
{
    private static readonly Assembly Server = typeof(TillHost).Assembly;

    private static readonly Type RequestType = Server.GetType("Till.Server.GraphQL.TillRequest", throwOnError: true)!;

    private static readonly Func<ISchema, GraphQLDocument, string?, Inputs?, int> RequestedCost =
        Server.GetType("Till.Server.Cost.QueryCost", throwOnError: true)!
            .GetMethod("Requested", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<ISchema, GraphQLDocument, string?, Inputs?, int>>();

    /// <summary>The executable schema of one API version, built the way the server builds it.</summary>
    public static ISchema BuildSchema(string version) =>
        (ISchema)Server.GetType("Till.Server.GraphQL.SchemaFactory", throwOnError: true)!
            .GetMethod("Build", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .Invoke(null, [version])!;

    /// <summary>A request context for one shop with every cash scope, as AdminApi creates per request.</summary>
    public static IAsyncDisposable NewRequest(IServiceProvider services, Till.Storage.ITillStore store, long shopId, IReadOnlySet<string> scopes, string version) =>
        (IAsyncDisposable)Activator.CreateInstance(RequestType, services, store, shopId, scopes, "bench-request", version)!;

    public static int Cost(ISchema schema, GraphQLDocument document, Inputs? variables) => RequestedCost(schema, document, null, variables);
}
