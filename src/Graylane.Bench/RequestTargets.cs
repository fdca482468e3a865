namespace Graylane.Bench;

/// <summary>
/// docs/request-targets.md: the most API requests each step may make, per router and case (a table the tests hold
/// every step to, on every CI run; the report sets each measured count beside its target).
/// </summary>
public static class RequestTargets
{
    public static Dictionary<(string Step, string Router, string Case), int> Read(string root)
    {
        var targets = new Dictionary<(string, string, string), int>();
        var file = Path.Combine(root, "docs", "request-targets.md");
        if (!File.Exists(file)) return targets;
        foreach (var line in File.ReadLines(file))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // | step | router | case | target | why |
            if (cells.Length >= 6 && int.TryParse(cells[4], out var target))
                targets[(cells[1].Trim('`'), cells[2], cells[3])] = target;
        }
        return targets;
    }
}
