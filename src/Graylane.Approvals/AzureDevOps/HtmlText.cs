using System.Net;
using System.Text.RegularExpressions;

namespace Graylane.Approvals.AzureDevOps;

/// <summary>Azure DevOps comments arrive as HTML ("&lt;div&gt;approve&lt;/div&gt;"): tags become line breaks, entities are decoded.</summary>
public static partial class HtmlText
{
    [GeneratedRegex("<(?:br|/div|/p|/li)\\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    public static string ToText(string html) => WebUtility.HtmlDecode(Tags().Replace(LineBreaks().Replace(html, "\n"), "")).Trim();

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
