using Graylane.Packaging;

// `write` regenerates the action and task metadata from StepCatalog; `check` fails when the committed
// files differ from what `write` would produce (CI runs it). `--version 1.2.3` is for the release build.
var verb = args.FirstOrDefault();
var version = ReleaseInfo.DefaultVersion;
var root = Directory.GetCurrentDirectory();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--version" when i + 1 < args.Length: version = args[++i]; break;
        case "--root" when i + 1 < args.Length: root = args[++i]; break;
        default:
            Console.Error.WriteLine($"unknown argument \"{args[i]}\"");
            return 2;
    }
}
if (verb is not ("write" or "check"))
{
    Console.Error.WriteLine("usage: Graylane.Packaging write|check [--version 1.2.3] [--root <repository>]");
    return 2;
}

ReleaseInfo release;
try
{
    release = ReleaseInfo.Parse(version);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var files = GeneratedFiles.All(release);
var stale = StaleFiles.Find(root, files);

if (verb == "write")
{
    foreach (var (path, content) in files)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (!File.Exists(full) || File.ReadAllText(full) != content)
        {
            File.WriteAllText(full, content);
            Console.WriteLine($"wrote {path}");
        }
    }
    foreach (var path in stale)
    {
        File.Delete(Path.Combine(root, path));
        Console.WriteLine($"deleted {path} (its step is gone)");
    }
    return 0;
}

var differing = files.Where(f => !File.Exists(Path.Combine(root, f.Key)) || File.ReadAllText(Path.Combine(root, f.Key)) != f.Value)
    .Select(f => f.Key).Concat(stale).ToList();
foreach (var path in differing)
    Console.Error.WriteLine($"out of date: {path}");
if (differing.Count > 0)
{
    Console.Error.WriteLine("run `dotnet run --project src/Graylane.Packaging -- write` and commit the result");
    return 1;
}
Console.WriteLine($"packaging metadata up to date ({files.Count} files)");
return 0;
