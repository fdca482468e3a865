using System.Text;
using Graylane.Tests.Workflows.GitHub;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// Azure Pipelines conditions as pipelines write them: functions (succeeded, failed, always, canceled,
/// succeededOrFailed, and, or, not, eq, ne, contains, startsWith), 'strings', numbers, true/false and
/// variables['name'] / variables.name. Anything else throws.
/// </summary>
public static class AzureCondition
{
    public static bool Evaluate(string? condition, Func<string, bool> status, Func<string, string> variable)
    {
        var text = (condition ?? "").Trim();
        if (text.Length == 0) return status("succeeded");
        var parser = new Parser(text, status, variable);
        var value = parser.Expression();
        parser.End();
        return Truthy(value);
    }

    private static bool Truthy(object? v) => v switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        _ => true,
    };

    private sealed class Parser(string text, Func<string, bool> status, Func<string, string> variable)
    {
        private int _at;

        public void End()
        {
            Skip();
            if (_at != text.Length) throw new ExpressionException($"unexpected text at {_at} in \"{text}\"");
        }

        public object? Expression()
        {
            Skip();
            if (_at >= text.Length) throw new ExpressionException($"unexpected end of \"{text}\"");
            if (text[_at] == '\'')
            {
                var sb = new StringBuilder();
                for (_at++; ; _at++)
                {
                    if (_at >= text.Length) throw new ExpressionException($"unterminated string in \"{text}\"");
                    if (text[_at] == '\'' && _at + 1 < text.Length && text[_at + 1] == '\'') { sb.Append('\''); _at++; continue; }
                    if (text[_at] == '\'') { _at++; return sb.ToString(); }
                    sb.Append(text[_at]);
                }
            }
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '.' or '-')) _at++;
            var name = text[start.._at];
            if (name.Length == 0) throw new ExpressionException($"unexpected '{text[_at]}' in \"{text}\"");
            if (name is "true" or "false") return name == "true";
            if (name.StartsWith("variables.", StringComparison.OrdinalIgnoreCase)) return variable(name["variables.".Length..]);
            Skip();
            if (name == "variables" && Peek('['))
            {
                _at++;
                var key = Expression() as string ?? throw new ExpressionException($"variables[] needs a string in \"{text}\"");
                Expect(']');
                return variable(key);
            }
            if (!Peek('(')) return char.IsAsciiDigit(name[0]) ? name : throw new ExpressionException($"unknown name {name} in \"{text}\"");
            _at++;
            var args = new List<object?>();
            Skip();
            while (!Peek(')'))
            {
                args.Add(Expression());
                Skip();
                if (!Peek(')')) Expect(',');
            }
            _at++;
            return Call(name, args);
        }

        private object Call(string name, List<object?> args)
        {
            string Str(int i) => args[i] switch { bool b => b ? "True" : "False", var o => o?.ToString() ?? "" };
            return name.ToLowerInvariant() switch
            {
                "succeeded" or "failed" or "always" or "canceled" or "succeededorfailed" when args.Count == 0 => status(name.ToLowerInvariant()),
                "and" => args.All(Truthy),
                "or" => args.Any(Truthy),
                "not" when args.Count == 1 => !Truthy(args[0]),
                "eq" when args.Count == 2 => string.Equals(Str(0), Str(1), StringComparison.OrdinalIgnoreCase),
                "ne" when args.Count == 2 => !string.Equals(Str(0), Str(1), StringComparison.OrdinalIgnoreCase),
                "contains" when args.Count == 2 => Str(0).Contains(Str(1), StringComparison.OrdinalIgnoreCase),
                "startswith" when args.Count == 2 => Str(0).StartsWith(Str(1), StringComparison.OrdinalIgnoreCase),
                _ => throw new ExpressionException($"the local runner does not know {name}() with {args.Count} argument(s) in \"{text}\""),
            };
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private bool Peek(char c)
        {
            Skip();
            return _at < text.Length && text[_at] == c;
        }

        private void Expect(char c)
        {
            if (!Peek(c)) throw new ExpressionException($"expected '{c}' at {_at} in \"{text}\"");
            _at++;
        }
    }
}
