using System.Globalization;
using System.Text;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// The GitHub Actions expression language as far as workflows use it: literals, property paths (names may hold
/// '-'), object filters (labels.*.name), ! == != &lt; &lt;= &gt; &gt;= &amp;&amp; || (the last two yield an operand, as
/// on GitHub), parentheses, success() failure() always() cancelled() contains() (a string's substring or an array's
/// item) startsWith() endsWith(). Anything else throws.
/// </summary>
public static class WorkflowExpression
{
    private static readonly string[] StatusFunctions = ["success", "failure", "always", "cancelled"];

    /// <summary>Replaces every ${{ expr }} in text with its value.</summary>
    public static string Interpolate(string text, IExpressionContext context)
    {
        var sb = new StringBuilder();
        var at = 0;
        while (true)
        {
            var open = text.IndexOf("${{", at, StringComparison.Ordinal);
            if (open < 0) break;
            var close = text.IndexOf("}}", open + 3, StringComparison.Ordinal);
            if (close < 0) throw new ExpressionException($"unclosed ${{{{ in \"{text}\"");
            sb.Append(text, at, open - at);
            sb.Append(Evaluate(text[(open + 3)..close], context).AsString());
            at = close + 2;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>
    /// An `if:` condition, with or without ${{ }}. Like the runner, a condition that calls no status function
    /// is implicitly `success() &amp;&amp; (condition)`.
    /// </summary>
    public static bool Condition(string? condition, IExpressionContext context)
    {
        var text = (condition ?? "").Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
            text = text[3..^2].Trim();
        if (text.Length == 0) return context.Status("success");
        var value = Evaluate(text, context).IsTruthy;
        var callsStatus = Tokenize(text).Any(t => t.Kind == TokenKind.Name && StatusFunctions.Contains(t.Text));
        return callsStatus ? value : context.Status("success") && value;
    }

    public static ExpressionValue Evaluate(string expression, IExpressionContext context)
    {
        var parser = new Parser(Tokenize(expression), context, expression);
        var value = parser.Or();
        parser.ExpectEnd();
        return value;
    }

    private enum TokenKind { Name, String, Number, Op, End }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '\'')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length) throw new ExpressionException($"unterminated string in \"{s}\"");
                    if (s[i] == '\'' && i + 1 < s.Length && s[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    if (s[i] == '\'') { i++; break; }
                    sb.Append(s[i++]);
                }
                tokens.Add(new(TokenKind.String, sb.ToString()));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
                tokens.Add(new(TokenKind.Number, s[start..i]));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '-')) i++;
                tokens.Add(new(TokenKind.Name, s[start..i]));
                continue;
            }
            var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
            {
                tokens.Add(new(TokenKind.Op, two));
                i += 2;
                continue;
            }
            if (c is '!' or '<' or '>' or '(' or ')' or '[' or ']' or '.' or ',' or '*')
            {
                tokens.Add(new(TokenKind.Op, c.ToString()));
                i++;
                continue;
            }
            throw new ExpressionException($"unexpected '{c}' in \"{s}\"");
        }
        tokens.Add(new(TokenKind.End, ""));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens, IExpressionContext context, string source)
    {
        private int _at;

        private Token Peek => tokens[_at];
        private bool IsOp(string op) => Peek.Kind == TokenKind.Op && Peek.Text == op;

        private void Expect(string op)
        {
            if (!IsOp(op)) throw Error($"expected '{op}'");
            _at++;
        }

        public void ExpectEnd()
        {
            if (Peek.Kind != TokenKind.End) throw Error("unexpected text");
        }

        private ExpressionException Error(string what) => new($"{what} at \"{Peek.Text}\" in \"{source}\"");

        public ExpressionValue Or()
        {
            var left = And();
            while (IsOp("||"))
            {
                _at++;
                var right = And();
                left = left.IsTruthy ? left : right;
            }
            return left;
        }

        private ExpressionValue And()
        {
            var left = Unary();
            while (IsOp("&&"))
            {
                _at++;
                var right = Unary();
                left = left.IsTruthy ? right : left;
            }
            return left;
        }

        private ExpressionValue Unary()
        {
            if (!IsOp("!")) return Comparison();
            _at++;
            return ExpressionValue.Of(!Unary().IsTruthy);
        }

        private ExpressionValue Comparison()
        {
            var left = Primary();
            if (Peek.Kind != TokenKind.Op || Peek.Text is not ("==" or "!=" or "<" or "<=" or ">" or ">=")) return left;
            var op = tokens[_at++].Text;
            var right = Primary();
            return ExpressionValue.Of(op switch
            {
                "==" => left.LooseEquals(right),
                "!=" => !left.LooseEquals(right),
                "<" => left.CompareNumbers(right) < 0,
                "<=" => left.CompareNumbers(right) <= 0,
                ">" => left.CompareNumbers(right) > 0,
                _ => left.CompareNumbers(right) >= 0,
            });
        }

        private ExpressionValue Primary()
        {
            var t = tokens[_at++];
            switch (t.Kind)
            {
                case TokenKind.String:
                    return ExpressionValue.Of(t.Text);
                case TokenKind.Number:
                    return new ExpressionValue(double.Parse(t.Text, CultureInfo.InvariantCulture));
                case TokenKind.Op when t.Text == "(":
                    var inner = Or();
                    Expect(")");
                    return inner;
                case TokenKind.Name when t.Text is "true" or "false":
                    return ExpressionValue.Of(t.Text == "true");
                case TokenKind.Name when t.Text == "null":
                    return ExpressionValue.Null;
                case TokenKind.Name when IsOp("("):
                    return Call(t.Text);
                case TokenKind.Name:
                    return context.Resolve(Path(t.Text));
            }
            _at--;
            throw Error("unexpected token");
        }

        private List<string> Path(string first)
        {
            var path = new List<string> { first };
            while (true)
            {
                if (IsOp("."))
                {
                    _at++;
                    if (IsOp("*"))
                    {
                        _at++;
                        path.Add("*");
                        continue;
                    }
                    var name = tokens[_at++];
                    if (name.Kind != TokenKind.Name) { _at--; throw Error("expected a property name"); }
                    path.Add(name.Text);
                }
                else if (IsOp("["))
                {
                    _at++;
                    var key = tokens[_at++];
                    if (key.Kind is not (TokenKind.String or TokenKind.Number)) { _at--; throw Error("expected a literal index"); }
                    path.Add(key.Text);
                    Expect("]");
                }
                else return path;
            }
        }

        private ExpressionValue Call(string function)
        {
            Expect("(");
            var args = new List<ExpressionValue>();
            while (!IsOp(")"))
            {
                args.Add(Or());
                if (!IsOp(")")) Expect(",");
            }
            _at++;
            if (StatusFunctions.Contains(function))
            {
                if (args.Count != 0) throw new ExpressionException($"{function}() takes no arguments in \"{source}\"");
                return ExpressionValue.Of(context.Status(function));
            }
            if (args.Count != 2) throw new ExpressionException($"{function}() needs 2 arguments in \"{source}\"");
            if (function == "contains" && args[0].Raw is System.Text.Json.Nodes.JsonArray items)
                return ExpressionValue.Of(items.Any(i => ExpressionValue.Of(i).LooseEquals(args[1])));
            var (a, b) = (args[0].AsString(), args[1].AsString());
            return function switch
            {
                "contains" => ExpressionValue.Of(a.Contains(b, StringComparison.OrdinalIgnoreCase)),
                "startsWith" => ExpressionValue.Of(a.StartsWith(b, StringComparison.OrdinalIgnoreCase)),
                "endsWith" => ExpressionValue.Of(a.EndsWith(b, StringComparison.OrdinalIgnoreCase)),
                _ => throw new ExpressionException($"the local runner does not know the function {function}() in \"{source}\""),
            };
        }
    }
}
