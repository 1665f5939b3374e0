namespace SharingLedger.Infrastructure;

/// <summary>
/// Whether this build holds the pre-generated Wolverine and Marten code (Internal/Generated, written by <c>scripts/codegen</c>).
/// Release builds compile it in; other configurations (Debug, and <c>scripts/codegen</c>'s own <c>-c Codegen</c> build, so stale
/// generated code can never stop the build that regenerates it) leave it out and generate at run time.
/// </summary>
public static class GeneratedCode
{
#if STATIC_CODEGEN
    public const bool Compiled = true;
#else
    public const bool Compiled = false;
#endif

    /// <summary>The folder the generated code is written to and compiled from, relative to the project.</summary>
    public const string Folder = "Internal/Generated";
}
