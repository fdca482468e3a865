using System.Text;

namespace Graylane.Packaging;

/// <summary>
/// YAML scalars for the action files. Every string is written double-quoted so descriptions holding
/// ':', '#', '$' or a leading '~' can never turn into another YAML type or break the mapping.
/// </summary>
public static class YamlText
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
