namespace Till.Server.Tests.Reliability;

/// <summary>
/// The reliability tests that start real Till processes and drive them at full speed. They run one
/// at a time and never alongside other test classes, so their timing bounds and figures do not
/// depend on what else the suite is doing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityGroup
{
    public const string Name = "Reliability";
}
