namespace Graylane.Tests.Hosts;

/// <summary>
/// How the Actions runner reads a step's stdout, reduced to what the tests need: "::name props::data"
/// after trimming leading whitespace (data unescaped %0D, %0A, %25), the old "##[name props]data" form
/// anywhere in a line, and ::stop-commands::TOKEN … ::TOKEN:: during which nothing is a command.
/// </summary>
internal sealed class RunnerLog
{
    private static readonly HashSet<string> Registered =
    [
        "add-mask", "error", "warning", "notice", "debug", "group", "endgroup", "stop-commands",
        "set-output", "save-state", "add-path", "set-env", "echo", "add-matcher", "remove-matcher",
    ];

    public List<(string Name, string Properties, string Data)> Commands { get; } = [];
    public List<string> PlainLines { get; } = [];

    public IEnumerable<string> Masks => Commands.Where(c => c.Name == "add-mask").Select(c => c.Data);

    public static RunnerLog Read(string stdout)
    {
        var log = new RunnerLog();
        string? stopToken = null;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (stopToken is not null)
            {
                if (line.Trim() == "::" + stopToken + "::")
                    stopToken = null;
                else
                    log.PlainLines.Add(line);
                continue;
            }
            var command = ParseV2(line) ?? ParseV1(line);
            if (command is null)
            {
                log.PlainLines.Add(line);
                continue;
            }
            log.Commands.Add(command.Value);
            if (command.Value.Name == "stop-commands")
                stopToken = command.Value.Data;
        }
        return log;
    }

    private static (string Name, string Properties, string Data)? ParseV2(string line)
    {
        var message = line.TrimStart();
        if (!message.StartsWith("::", StringComparison.Ordinal))
            return null;
        var end = message.IndexOf("::", 2, StringComparison.Ordinal);
        if (end < 0)
            return null;
        var info = message[2..end];
        var space = info.IndexOf(' ');
        var name = space < 0 ? info : info[..space];
        if (!Registered.Contains(name))
            return null;
        return (name, space < 0 ? "" : info[(space + 1)..], Unescape(message[(end + 2)..]));
    }

    private static (string Name, string Properties, string Data)? ParseV1(string line)
    {
        var prefix = line.IndexOf("##[", StringComparison.Ordinal);
        if (prefix < 0)
            return null;
        var close = line.IndexOf(']', prefix);
        if (close < 0)
            return null;
        var info = line[(prefix + 3)..close];
        var space = info.IndexOf(' ');
        var name = space < 0 ? info : info[..space];
        return Registered.Contains(name) ? (name, space < 0 ? "" : info[(space + 1)..], line[(close + 1)..]) : null;
    }

    private static string Unescape(string data) =>
        data.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%25", "%");
}
