using System.Runtime.InteropServices;

// Ctrl+C and SIGTERM cancel the running command, which then cleans up (no partial output files) and exits 130.
using var cancel = new CancellationTokenSource();
using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return VectaX.Cli.VectaxCommand.Run(args, Console.Out, Console.Error, cancel.Token);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
