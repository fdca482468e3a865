namespace Graylane.Cli.Hosts;

/// <summary>
/// The shape every input name must have: lowercase letters and digits in hyphen-separated words,
/// each word starting with a letter. Only such names map one-to-one onto CLI flags, GitHub
/// INPUT_ variables and Azure camelCase task inputs.
/// </summary>
public static class KebabName
{
    public static bool IsValid(string name)
    {
        if (name.Length == 0)
            return false;
        var wordStart = true;
        foreach (var c in name)
        {
            if (c == '-')
            {
                if (wordStart)
                    return false; // leading or doubled hyphen
                wordStart = true;
                continue;
            }
            if (wordStart ? c is < 'a' or > 'z' : c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
                return false;
            wordStart = false;
        }
        return !wordStart; // no trailing hyphen
    }
}
