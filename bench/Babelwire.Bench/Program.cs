Console.WriteLine("bench: see bench/run.sh");
