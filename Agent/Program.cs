using Babelwire.Agent.Cli;

return await AgentCommandLine.InvokeAsync(args);
