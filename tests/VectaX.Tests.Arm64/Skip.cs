namespace Xunit;

/// <summary>Xunit.SkippableFact's <c>Skip</c>, on xunit v3's built-in dynamic skip, for the linked test files.</summary>
internal static class Skip
{
    public static void If(bool condition, string reason) => Assert.SkipWhen(condition, reason);

    public static void IfNot(bool condition, string reason) => Assert.SkipUnless(condition, reason);
}
