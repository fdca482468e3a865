using System.Globalization;
using System.Text;

namespace Graylane.LocalCluster.Validation.Cel.Syntax;

internal enum TokenKind { Ident, Int, Uint, Double, String, Bytes, Punct, End }

internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position);

/// <summary>Splits CEL source into tokens: identifiers, number and string literals (all quote and prefix forms), operators.</summary>
internal static class CelLexer
{
    private static readonly string[] Puncts =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(source, i);
            if (i >= source.Length) break;
            var c = source[i];
            var start = i;
            if (IsStringStart(source, i))
            {
                tokens.Add(ReadString(source, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Ident, source[start..i], null, start));
                continue;
            }
            if (char.IsAsciiDigit(c) || c == '.' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1]))
            {
                tokens.Add(ReadNumber(source, ref i));
                continue;
            }
            var punct = Puncts.FirstOrDefault(p => string.CompareOrdinal(source, i, p, 0, p.Length) == 0)
                ?? throw new CelSyntaxException($"Syntax error: token recognition error at: '{c}' (position {i})");
            i += punct.Length;
            tokens.Add(new Token(TokenKind.Punct, punct, null, start));
        }
        tokens.Add(new Token(TokenKind.End, "<EOF>", null, source.Length));
        return tokens;
    }

    private static int SkipSpaceAndComments(string s, int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i])) i++;
            else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '/')
                while (i < s.Length && s[i] != '\n') i++;
            else break;
        }
        return i;
    }

    private static bool IsStringStart(string s, int i)
    {
        var j = i;
        while (j < s.Length && j - i < 2 && s[j] is 'r' or 'R' or 'b' or 'B') j++;
        return j < s.Length && s[j] is '"' or '\'' && (j == i || IsPrefix(s[i..j]));
    }

    private static bool IsPrefix(string p) => p.ToLowerInvariant() is "r" or "b" or "rb" or "br";

    private static Token ReadNumber(string s, ref int i)
    {
        var start = i;
        if (s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
            var hex = s[(start + 2)..i];
            if (i < s.Length && s[i] is 'u' or 'U')
            {
                i++;
                return new Token(TokenKind.Uint, s[start..i], ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture), start);
            }
            var value = ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Int, s[start..i], value, start);
        }
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var isDouble = false;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                isDouble = true;
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            }
        }
        var text = s[start..i];
        if (isDouble) return new Token(TokenKind.Double, text, double.Parse(text, CultureInfo.InvariantCulture), start);
        if (i < s.Length && s[i] is 'u' or 'U')
        {
            i++;
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                throw new CelSyntaxException($"Syntax error: invalid uint literal {text}");
            return new Token(TokenKind.Uint, s[start..i], u, start);
        }
        // Kept as ulong: the parser decides (a leading minus makes 9223372036854775808 valid).
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new CelSyntaxException($"Syntax error: invalid int literal {text}");
        return new Token(TokenKind.Int, text, n, start);
    }

    private static Token ReadString(string s, ref int i)
    {
        var start = i;
        bool raw = false, bytes = false;
        while (s[i] is not ('"' or '\''))
        {
            if (s[i] is 'r' or 'R') raw = true; else bytes = true;
            i++;
        }
        var quote = s[i];
        var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        i += delimiter.Length;
        var text = new StringBuilder();
        var octets = new List<byte>();
        void Append(int codePoint)
        {
            if (bytes) octets.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)));
            else text.Append(char.ConvertFromUtf32(codePoint));
        }
        while (true)
        {
            if (i >= s.Length) throw new CelSyntaxException($"Syntax error: unterminated string literal at position {start}");
            if (string.CompareOrdinal(s, i, delimiter, 0, delimiter.Length) == 0) { i += delimiter.Length; break; }
            var c = s[i];
            if (!triple && c is '\n' or '\r') throw new CelSyntaxException($"Syntax error: newline in string literal at position {start}");
            if (c == '\\' && !raw)
            {
                i++;
                if (i >= s.Length) throw new CelSyntaxException("Syntax error: unterminated escape sequence");
                var e = s[i++];
                switch (e)
                {
                    case 'a': Append(7); break;
                    case 'b': Append(8); break;
                    case 'f': Append(12); break;
                    case 'n': Append(10); break;
                    case 'r': Append(13); break;
                    case 't': Append(9); break;
                    case 'v': Append(11); break;
                    case '\\' or '\'' or '"' or '`' or '?': Append(e); break;
                    case 'x' or 'X':
                        var hx = Hex(s, ref i, 2);
                        if (bytes) octets.Add((byte)hx); else Append(hx);
                        break;
                    case 'u': Append(Hex(s, ref i, 4)); break;
                    case 'U': Append(Hex(s, ref i, 8)); break;
                    case >= '0' and <= '3':
                        if (i + 1 >= s.Length || s[i] is < '0' or > '7' || s[i + 1] is < '0' or > '7')
                            throw new CelSyntaxException("Syntax error: invalid octal escape");
                        var oct = (e - '0') * 64 + (s[i] - '0') * 8 + (s[i + 1] - '0');
                        i += 2;
                        if (bytes) octets.Add((byte)oct); else Append(oct);
                        break;
                    default: throw new CelSyntaxException($"Syntax error: invalid escape sequence \\{e}");
                }
                continue;
            }
            if (char.IsSurrogatePair(s, i))
            {
                Append(char.ConvertToUtf32(s, i));
                i += 2;
            }
            else
            {
                Append(c);
                i++;
            }
        }
        return bytes
            ? new Token(TokenKind.Bytes, s[start..i], octets.ToArray(), start)
            : new Token(TokenKind.String, s[start..i], text.ToString(), start);
    }

    private static int Hex(string s, ref int i, int digits)
    {
        if (i + digits > s.Length || !int.TryParse(s.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
            throw new CelSyntaxException("Syntax error: invalid hex escape");
        i += digits;
        if (v is > 0x10FFFF or >= 0xD800 and <= 0xDFFF) throw new CelSyntaxException("Syntax error: invalid unicode code point");
        return v;
    }
}
