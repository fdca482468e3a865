namespace Graylane.Approvals;

/// <summary>What a comment says about the request.</summary>
public enum CommentVerdict
{
    None,
    Approve,
    Deny,
}
