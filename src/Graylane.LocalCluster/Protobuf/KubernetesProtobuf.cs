using System.Text.Json.Nodes;
using Graylane.LocalCluster.Api;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Protobuf;

/// <summary>
/// Request bodies in application/vnd.kubernetes.protobuf, as kubectl's typed clients send them (create namespace,
/// configmap, secret, deployment, service, job, run, expose, auth can-i…): the "k8s\0" magic, then a runtime.Unknown
/// whose typeMeta names the kind and whose raw bytes are the object's message. Decoded into the JSON the server stores.
/// A kind the embedded .proto files do not have (custom resources, apiextensions) is a 415, never a guess.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw StatusObjects.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        string apiVersion = "", kind = "", encoding = "";
        ReadOnlyMemory<byte> raw = default;
        try
        {
            var envelope = new WireReader(body.AsMemory(Magic.Length));
            while (!envelope.AtEnd)
            {
                var (number, wireType) = envelope.ReadTag();
                switch (number)
                {
                    case 1:
                        var typeMeta = new WireReader(envelope.ReadBytes());
                        while (!typeMeta.AtEnd)
                        {
                            var (n, w) = typeMeta.ReadTag();
                            if (n == 1) apiVersion = Text(typeMeta);
                            else if (n == 2) kind = Text(typeMeta);
                            else typeMeta.Skip(w);
                        }
                        break;
                    case 2: raw = envelope.ReadBytes(); break;
                    case 3: encoding = Text(envelope); break;
                    default: envelope.Skip(wireType); break;
                }
            }
        }
        catch (ProtobufFormatException e)
        {
            throw StatusObjects.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }
        if (encoding.Length > 0) throw Unsupported($"content encoding {encoding} is not supported");
        var message = MessageFor(apiVersion, kind)
                      ?? throw Unsupported($"{kind} ({apiVersion}) cannot be read as protobuf by the local cluster");
        JsonNode? decoded;
        try { decoded = ProtoJsonDecoder.Decode(message, raw); }
        catch (ProtobufFormatException e)
        {
            throw StatusObjects.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a {kind}: {e.Message}");
        }
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        foreach (var (key, value) in (JsonObject)decoded!) obj[key] = value?.DeepClone();
        return obj;
    }

    /// <summary>The proto message of a kind: its swagger definition "io.k8s.api.apps.v1.Deployment" is k8s.io.api.apps.v1.Deployment.</summary>
    private static ProtoMessage? MessageFor(string apiVersion, string kind)
    {
        var (group, version) = ResourceRegistry.SplitApiVersion(apiVersion);
        var definition = SwaggerDefinitions.NameForKind(group, version, kind);
        return definition is not null && definition.StartsWith("io.k8s.", StringComparison.Ordinal)
            ? ProtoCatalog.Find("k8s.io." + definition["io.k8s.".Length..])
            : null;
    }

    private static string Text(WireReader reader) => System.Text.Encoding.UTF8.GetString(reader.ReadBytes().Span);

    private static ApiException Unsupported(string why) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml ({why})");
}
