namespace Graylane.LocalCluster.Validation.Cel.Syntax;

/// <summary>
/// Recursive-descent parser for the CEL grammar (cel-spec langdef), expanding the standard macros (has, all,
/// exists, exists_one, map, filter), the two-variable comprehension forms and cel.bind as cel-go does.
/// </summary>
internal sealed class CelParser
{
    private static readonly HashSet<string> Reserved =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ];

    private const int MaxDepth = 250;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    private CelParser(string source) => _tokens = CelLexer.Tokenize(source);

    public static CelExpr Parse(string source)
    {
        var parser = new CelParser(source);
        var expr = parser.Expr();
        if (parser.Peek.Kind != TokenKind.End) throw parser.Error($"mismatched input '{parser.Peek.Text}' expecting <EOF>");
        return expr;
    }

    private Token Peek => _tokens[_pos];

    private bool IsPunct(string p) => Peek.Kind == TokenKind.Punct && Peek.Text == p;

    private bool Accept(string p)
    {
        if (!IsPunct(p)) return false;
        _pos++;
        return true;
    }

    private void Expect(string p)
    {
        if (!Accept(p)) throw Error($"mismatched input '{Peek.Text}' expecting '{p}'");
    }

    private CelSyntaxException Error(string message) => new($"Syntax error: {message} (position {Peek.Position})");

    private CelExpr Expr()
    {
        if (++_depth > MaxDepth) throw Error("expression nested too deeply");
        try
        {
            var condition = Or();
            if (!Accept("?")) return condition;
            var then = Or();
            Expect(":");
            return new ConditionalExpr(condition, then, Expr());
        }
        finally { _depth--; }
    }

    private CelExpr Or()
    {
        var left = And();
        while (Accept("||")) left = new LogicalExpr(false, left, And());
        return left;
    }

    private CelExpr And()
    {
        var left = Relation();
        while (Accept("&&")) left = new LogicalExpr(true, left, Relation());
        return left;
    }

    private CelExpr Relation()
    {
        var left = Addition();
        while (true)
        {
            string? op = Peek switch
            {
                { Kind: TokenKind.Punct, Text: "==" or "!=" or "<" or "<=" or ">" or ">=" } t => $"_{t.Text}_",
                { Kind: TokenKind.Ident, Text: "in" } => "@in",
                _ => null,
            };
            if (op is null) return left;
            _pos++;
            left = new CallExpr(null, op, [left, Addition()]);
        }
    }

    private CelExpr Addition()
    {
        var left = Multiplication();
        while (IsPunct("+") || IsPunct("-"))
        {
            var op = $"_{_tokens[_pos++].Text}_";
            left = new CallExpr(null, op, [left, Multiplication()]);
        }
        return left;
    }

    private CelExpr Multiplication()
    {
        var left = Unary();
        while (IsPunct("*") || IsPunct("/") || IsPunct("%"))
        {
            var op = $"_{_tokens[_pos++].Text}_";
            left = new CallExpr(null, op, [left, Unary()]);
        }
        return left;
    }

    private CelExpr Unary()
    {
        if (Accept("!")) return new CallExpr(null, "!_", [Unary()]);
        if (IsPunct("-"))
        {
            var next = _tokens[_pos + 1];
            if (next.Kind is TokenKind.Int or TokenKind.Double)
            {
                _pos += 2;
                return Member(NegativeLiteral(next));
            }
            _pos++;
            return new CallExpr(null, "-_", [Unary()]);
        }
        return Member(Primary());
    }

    private CelExpr NegativeLiteral(Token t)
    {
        if (t.Kind == TokenKind.Double) return new LiteralExpr(-(double)t.Value!);
        var u = (ulong)t.Value!;
        if (u > 9223372036854775808UL) throw Error($"invalid int literal -{t.Text}");
        return new LiteralExpr(u == 9223372036854775808UL ? long.MinValue : -(long)u);
    }

    private CelExpr Member(CelExpr operand)
    {
        while (true)
        {
            if (Accept("."))
            {
                // "a.?b" is an optional field selection; "?" cannot start a field name, so this is unambiguous.
                var optional = Accept("?");
                var name = Identifier();
                if (!optional && Accept("(")) operand = ReceiverCall(operand, name, Args(")"));
                else operand = new SelectExpr(operand, name, Optional: optional);
            }
            else if (Accept("["))
            {
                var optional = Accept("?");
                var key = Expr();
                Expect("]");
                operand = new IndexExpr(operand, key, optional);
            }
            else return operand;
        }
    }

    private string Identifier()
    {
        var t = Peek;
        if (t.Kind != TokenKind.Ident) throw Error($"mismatched input '{t.Text}' expecting IDENTIFIER");
        if (Reserved.Contains(t.Text) || t.Text is "true" or "false" or "null" or "in")
            throw Error($"reserved identifier: {t.Text}");
        _pos++;
        return t.Text;
    }

    private List<CelExpr> Args(string close)
    {
        var args = new List<CelExpr>();
        if (Accept(close)) return args;
        do
        {
            if (IsPunct(close)) break; // trailing comma
            args.Add(Expr());
        } while (Accept(","));
        Expect(close);
        return args;
    }

    private CelExpr Primary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Int:
                _pos++;
                var u = (ulong)t.Value!;
                if (u > long.MaxValue) throw Error($"invalid int literal {t.Text}");
                return new LiteralExpr((long)u);
            case TokenKind.Uint:
            case TokenKind.Double:
            case TokenKind.String:
            case TokenKind.Bytes:
                _pos++;
                return new LiteralExpr(t.Value);
            case TokenKind.Ident:
                switch (t.Text)
                {
                    case "true": _pos++; return new LiteralExpr(true);
                    case "false": _pos++; return new LiteralExpr(false);
                    case "null": _pos++; return new LiteralExpr(null);
                }
                var name = Identifier();
                if (Accept("(")) return GlobalCall(name, Args(")"));
                if (IsPunct("{")) throw Error("message construction is not supported in Kubernetes validation rules");
                return new IdentExpr(name);
            case TokenKind.Punct:
                if (Accept("."))
                {
                    // A leading dot names the root scope: ".self" is "self".
                    var rooted = Identifier();
                    return Accept("(") ? GlobalCall(rooted, Args(")")) : new IdentExpr(rooted);
                }
                if (Accept("("))
                {
                    var inner = Expr();
                    Expect(")");
                    return inner;
                }
                if (Accept("[")) return ListLiteral();
                if (Accept("{")) return MapLiteral();
                break;
        }
        throw Error($"mismatched input '{t.Text}' expecting an expression");
    }

    private CelExpr ListLiteral()
    {
        var elements = new List<CelExpr>();
        var optional = new List<bool>();
        while (!IsPunct("]"))
        {
            var isOptional = Accept("?");
            elements.Add(Expr());
            optional.Add(isOptional);
            if (!Accept(",")) break;
        }
        Expect("]");
        return new ListExpr(elements, optional);
    }

    private CelExpr MapLiteral()
    {
        var entries = new List<MapEntry>();
        while (!IsPunct("}"))
        {
            var isOptional = Accept("?");
            var key = Expr();
            Expect(":");
            entries.Add(new MapEntry(key, Expr(), isOptional));
            if (!Accept(",")) break;
        }
        Expect("}");
        return new MapExpr(entries);
    }

    private CelExpr GlobalCall(string name, List<CelExpr> args)
    {
        if (name == "has")
        {
            if (args is [SelectExpr { TestOnly: false, Optional: false } s]) return s with { TestOnly = true };
            throw Error("invalid argument to has() macro");
        }
        return new CallExpr(null, name, args);
    }

    private CelExpr ReceiverCall(CelExpr target, string name, List<CelExpr> args)
    {
        if (target is IdentExpr { Name: "cel" } && name == "bind")
        {
            if (args is [IdentExpr v, var init, var body]) return new BindExpr(v.Name, init, body);
            throw Error("cel.bind() variable name must be a simple identifier");
        }
        var kind = name switch
        {
            "all" => ComprehensionKind.All,
            "exists" => ComprehensionKind.Exists,
            "exists_one" or "existsOne" => ComprehensionKind.ExistsOne,
            "map" => ComprehensionKind.Map,
            "filter" => ComprehensionKind.Filter,
            _ => (ComprehensionKind?)null,
        };
        if (kind is null || args.Count is < 2 or > 3) return new CallExpr(target, name, args);
        if (args[0] is not IdentExpr first) throw Error($"{name}() variable name must be a simple identifier");
        if (args.Count == 2) return new ComprehensionExpr(kind.Value, target, null, first.Name, args[1], null);
        if (kind == ComprehensionKind.Map) return new ComprehensionExpr(kind.Value, target, null, first.Name, args[2], args[1]);
        if (args[1] is not IdentExpr second) throw Error($"{name}() variable name must be a simple identifier");
        if (kind == ComprehensionKind.Filter) throw Error("filter() takes one variable");
        return new ComprehensionExpr(kind.Value, target, first.Name, second.Name, args[2], null);
    }
}
