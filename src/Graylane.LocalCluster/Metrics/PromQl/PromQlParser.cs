using System.Globalization;
using System.Text;

namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>
/// Parses the building blocks of the gate templates' PromQL: numbers, selectors (metric{l="v",l!="v",l=~"re",l!~"re"}
/// with an optional [range]), rate(...), histogram_quantile(φ, ...), sum [by (...)] (...) (by before or after), '/' and
/// '*'. Anything else is a parse error in Prometheus' words ("1:7: parse error: ..."). Which combinations are answered
/// is <see cref="TemplateShapes"/>' decision.
/// </summary>
internal sealed class PromQlParser
{
    private static readonly HashSet<string> Functions = ["rate", "histogram_quantile"];
    private static readonly HashSet<string> Aggregations = ["sum"];
    private readonly string _text;
    private int _pos;

    private PromQlParser(string text) => _text = text;

    public static PromExpr Parse(string text)
    {
        var p = new PromQlParser(text);
        p.SkipSpace();
        if (p.AtEnd) throw p.Error("no expression found in input");
        var expr = p.ParseBinary();
        p.SkipSpace();
        if (!p.AtEnd) throw p.Error($"unexpected {p.Describe()}");
        return expr;
    }

    private bool AtEnd => _pos >= _text.Length;

    private PromExpr ParseBinary()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            if (AtEnd || (_text[_pos] != '/' && _text[_pos] != '*')) return left;
            var op = _text[_pos++];
            left = new Binary(op, left, ParseUnary());
        }
    }

    private PromExpr ParseUnary()
    {
        SkipSpace();
        if (AtEnd) throw Error("unexpected end of input");
        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseBinary();
            Expect(')');
            return inner;
        }
        if (char.IsDigit(c) || c == '.') return new NumberLiteral(ParseNumber());
        if (c == '{') throw Error("a selector needs a metric name here (the local cluster answers only the gate templates' queries)");
        if (!IsIdentStart(c)) throw Error($"unexpected {Describe()}");
        var start = _pos;
        var name = ParseIdentifier();
        SkipSpace();
        if (Aggregations.Contains(name)) return ParseAggregation(name);
        if (!AtEnd && _text[_pos] == '(')
        {
            if (!Functions.Contains(name))
                throw ErrorAt(start, $"function \"{name}\" is not answered by the local cluster (it answers rate, histogram_quantile and sum, as the gate templates use them)");
            _pos++;
            var args = new List<PromExpr> { ParseBinary() };
            SkipSpace();
            while (!AtEnd && _text[_pos] == ',')
            {
                _pos++;
                args.Add(ParseBinary());
                SkipSpace();
            }
            Expect(')');
            return new Call(name, args);
        }
        if (name is "by" or "without" or "offset" or "bool" or "on" or "ignoring" or "group_left" or "group_right" or "and" or "or" or "unless")
            throw ErrorAt(start, $"unexpected keyword \"{name}\"");
        return ParseSelector(name);
    }

    private Aggregation ParseAggregation(string op)
    {
        var by = TryParseBy();
        Expect('(');
        var inner = ParseBinary();
        Expect(')');
        SkipSpace();
        var after = TryParseBy();
        if (by is not null && after is not null) throw Error("a by clause is given twice");
        return new Aggregation(op, by ?? after, inner);
    }

    private List<string>? TryParseBy()
    {
        SkipSpace();
        var save = _pos;
        if (AtEnd || !IsIdentStart(_text[_pos])) return null;
        var word = ParseIdentifier();
        if (word == "without") throw ErrorAt(save, "\"without\" is not answered by the local cluster (the gate templates use sum or sum by (...))");
        if (word != "by") { _pos = save; return null; }
        Expect('(');
        var labels = new List<string>();
        SkipSpace();
        while (!AtEnd && _text[_pos] != ')')
        {
            SkipSpace();
            if (AtEnd || !IsIdentStart(_text[_pos])) throw Error($"unexpected {Describe()} in grouping opts, expected label");
            labels.Add(ParseIdentifier());
            SkipSpace();
            if (!AtEnd && _text[_pos] == ',') _pos++;
            SkipSpace();
        }
        Expect(')');
        return labels;
    }

    private Selector ParseSelector(string metric)
    {
        var matchers = new List<LabelMatcher>();
        SkipSpace();
        if (!AtEnd && _text[_pos] == '{')
        {
            _pos++;
            SkipSpace();
            while (!AtEnd && _text[_pos] != '}')
            {
                if (!IsIdentStart(_text[_pos])) throw Error($"unexpected {Describe()} in label matching, expected label");
                var label = ParseIdentifier();
                SkipSpace();
                var kind = ParseMatchOperator();
                SkipSpace();
                var at = _pos;
                var value = ParseString();
                try { matchers.Add(new LabelMatcher(label, kind, value)); }
                catch (ArgumentException ex) { throw ErrorAt(at, $"invalid regular expression \"{value}\": {ex.Message}"); }
                SkipSpace();
                if (!AtEnd && _text[_pos] == ',') { _pos++; SkipSpace(); }
                else if (!AtEnd && _text[_pos] != '}') throw Error($"unexpected {Describe()} in label matching, expected \",\" or \"}}\"");
            }
            Expect('}');
        }
        SkipSpace();
        TimeSpan? range = null;
        if (!AtEnd && _text[_pos] == '[')
        {
            _pos++;
            SkipSpace();
            var start = _pos;
            while (!AtEnd && _text[_pos] != ']') _pos++;
            var text = _text[start.._pos].Trim();
            if (text.Contains(':')) throw ErrorAt(start, "subqueries are not answered by the local cluster");
            range = PromDurations.Parse(text) ?? throw ErrorAt(start, $"bad duration syntax: \"{text}\"");
            if (range <= TimeSpan.Zero) throw ErrorAt(start, "range must be greater than 0");
            Expect(']');
        }
        return new Selector(metric, matchers, range);
    }

    private MatchKind ParseMatchOperator()
    {
        if (Take("=~")) return MatchKind.Regex;
        if (Take("!~")) return MatchKind.NotRegex;
        if (Take("!=")) return MatchKind.NotEqual;
        if (Take("=")) return MatchKind.Equal;
        throw Error($"unexpected {Describe()} in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"");
    }

    private string ParseString()
    {
        if (AtEnd || (_text[_pos] != '"' && _text[_pos] != '\'')) throw Error($"unexpected {Describe()} in label matching, expected string");
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated quoted string");
            var c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (AtEnd) throw Error("unterminated quoted string");
            var e = _text[_pos++];
            sb.Append(e switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' or '"' or '\'' => e,
                _ => throw ErrorAt(_pos - 2, $"unknown escape sequence \\{e}"),
            });
        }
    }

    private double ParseNumber()
    {
        var start = _pos;
        while (!AtEnd && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E'
                          || (_text[_pos] is '+' or '-' && _pos > start && _text[_pos - 1] is 'e' or 'E')))
            _pos++;
        if (double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw ErrorAt(start, $"bad number \"{_text[start.._pos]}\"");
    }

    private string ParseIdentifier()
    {
        var start = _pos;
        while (!AtEnd && (IsIdentStart(_text[_pos]) || char.IsAsciiDigit(_text[_pos]))) _pos++;
        return _text[start.._pos];
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private bool Take(string token)
    {
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0) return false;
        _pos += token.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (AtEnd && c == ')') throw Error("unclosed left parenthesis");
        if (AtEnd || _text[_pos] != c) throw Error($"unexpected {Describe()}, expected \"{c}\"");
        _pos++;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private string Describe() => AtEnd ? "end of input" : IsIdentStart(_text[_pos]) ? $"identifier \"{Peek()}\"" : $"character \"{_text[_pos]}\"";

    private string Peek()
    {
        var end = _pos;
        while (end < _text.Length && (IsIdentStart(_text[end]) || char.IsAsciiDigit(_text[end]))) end++;
        return _text[_pos..end];
    }

    private PromQlException Error(string message) => ErrorAt(_pos, message);

    /// <summary>Prometheus' position format: line:column (1-based) of the offending character.</summary>
    private PromQlException ErrorAt(int pos, string message)
    {
        var line = 1 + _text.AsSpan(0, Math.Min(pos, _text.Length)).Count('\n');
        var lineStart = _text.LastIndexOf('\n', Math.Max(0, Math.Min(pos, _text.Length) - 1)) + 1;
        if (pos == 0) lineStart = 0;
        return new PromQlException($"{line}:{pos - lineStart + 1}: parse error: {message}");
    }
}
