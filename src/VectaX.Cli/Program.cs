return VectaX.Cli.VectaxCommand.Run(args, Console.Out, Console.Error);
