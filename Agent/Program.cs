// Replaced by the agent host (standalone mode) in this host work.
Console.Error.WriteLine("babelwire-agent: not built yet");
return 2;
