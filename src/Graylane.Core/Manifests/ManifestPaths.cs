using System.Text;
using System.Text.RegularExpressions;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// Turns the --manifests value into the files to read, in order: a file as is, a directory as every *.yaml/*.yml
/// directly inside it in name order (as kubectl apply -f does without -R), a glob (*, ?, [abc], ** for any depth) as
/// its matches in name order, and "-" as standard input. Entries are separated by commas or newlines (a repeated
/// flag arrives as lines), as Azure/k8s-deploy takes them. A file named twice is read once.
/// </summary>
public static class ManifestPaths
{
    public static IReadOnlyList<string> Entries(string value) =>
        value.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<string> Expand(string value, IManifestFiles files)
    {
        var entries = Entries(value);
        if (entries.Count == 0)
            throw new InvalidInputException("manifests", "--manifests names no file: give files, directories, globs (k8s/*.yaml) or - for standard input, separated by commas or newlines");
        var result = new List<string>();
        foreach (var entry in entries)
        {
            foreach (var path in ExpandOne(entry, files))
            {
                if (result.Contains(path, StringComparer.Ordinal))
                {
                    if (path == ManifestSource.StandardInput)
                        throw new InvalidInputException("manifests", "--manifests names standard input (-) twice; it can be read only once");
                    continue;
                }
                result.Add(path);
            }
        }
        return result;
    }

    private static IEnumerable<string> ExpandOne(string entry, IManifestFiles files)
    {
        if (entry == ManifestSource.StandardInput) return [entry];
        if (files.IsFile(entry)) return [entry];
        if (files.IsDirectory(entry))
        {
            var found = files.FilesIn(entry).Where(IsYamlFile).OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                throw new InvalidInputException("manifests", $"--manifests directory {entry} holds no *.yaml or *.yml file");
            return found;
        }
        if (IsGlob(entry))
        {
            var root = GlobRoot(entry);
            var pattern = GlobRegex(entry);
            var candidates = !files.IsDirectory(root) ? []
                : entry.Contains("**", StringComparison.Ordinal) ? files.FilesBelow(root) : FilesFor(root, entry, files);
            var found = candidates.Select(Normalize).Where(p => pattern.IsMatch(p)).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (found.Count == 0)
                throw new InvalidInputException("manifests", $"--manifests glob {entry} matches no file");
            return found;
        }
        throw new InvalidInputException("manifests", $"--manifests file {entry} not found (give a file, a directory, a glob such as k8s/*.yaml, or - for standard input)");
    }

    public static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static bool IsGlob(string entry) => entry.IndexOfAny(['*', '?', '[']) >= 0;

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        return p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p;
    }

    /// <summary>The directory before the first segment with a wildcard ("." when the glob starts with one).</summary>
    private static string GlobRoot(string glob)
    {
        var segments = Normalize(glob).Split('/');
        var fixedSegments = segments.TakeWhile(s => !IsGlob(s)).ToList();
        if (fixedSegments.Count == 0) return ".";
        var root = string.Join('/', fixedSegments);
        return root.Length == 0 ? "/" : root;
    }

    /// <summary>Without "**" a glob has as many segments as its matches: walk one directory level per segment.</summary>
    private static IEnumerable<string> FilesFor(string root, string glob, IManifestFiles files)
    {
        var depth = Normalize(glob).Split('/').Length - (root == "." ? 0 : Normalize(root).Split('/').Length);
        IEnumerable<string> dirs = [root];
        for (var level = 1; level < depth; level++)
            dirs = dirs.SelectMany(d => files.FilesBelow(d).Select(Path.GetDirectoryName).OfType<string>()).Distinct().ToList();
        return dirs.SelectMany(files.FilesIn).Distinct();
    }

    private static Regex GlobRegex(string glob)
    {
        var g = Normalize(glob);
        var sb = new StringBuilder("^");
        for (var i = 0; i < g.Length; i++)
        {
            var c = g[i];
            switch (c)
            {
                case '*' when i + 1 < g.Length && g[i + 1] == '*':
                    // "**/" matches any number of directories, also none.
                    var slash = i + 2 < g.Length && g[i + 2] == '/';
                    sb.Append(slash ? "(?:[^/]*/)*" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                    var close = g.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append(@"\["); break; }
                    var set = g[(i + 1)..close];
                    sb.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
