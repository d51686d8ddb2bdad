namespace Till.Server.Tests.Attack;

/// <summary>Tests that measure the memory of the whole test process, and so run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryGroup
{
    public const string Name = "Memory";
}
