namespace VectaX.Cli;

/// <summary>A command was cancelled and says how to pick up where it stopped.</summary>
internal sealed class CancelledException(string message, Exception innerException) : OperationCanceledException(message, innerException);
