using Graylane.Core.Model;

namespace Graylane.Core.Planning;

/// <summary>
/// A route that would send traffic to pods promote is about to retire — a Service whose selector picks only them, an
/// Ingress backed by such a Service, a VirtualService route to their subset or host — found before promote writes anything.
/// </summary>
/// <param name="Route">Which part of the object: "selector app=web,version=v1", "http route \"chaos-test\"", "rule web.example.com/".</param>
/// <param name="Target">Where it sends traffic now, e.g. "reviews subset v1".</param>
/// <param name="Move">What --move-routes does with it; null when it cannot be moved (Problem says why).</param>
/// <param name="Current">The object as read (with its resourceVersion), when moving it means writing it.</param>
/// <param name="Moved">The object with every stranded route of it moved and every other field as it was.</param>
public sealed record StrandedRoute(ObjectKey Object, string Route, string Target, string? Move, string? Problem = null,
    System.Text.Json.Nodes.JsonObject? Current = null, System.Text.Json.Nodes.JsonObject? Moved = null)
{
    public override string ToString() => $"{Object} {Route} -> {Target}";
}
