using System.Text.Json.Nodes;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Tables;

/// <summary>Column descriptions as the real printers take them: the field's description in the OpenAPI document.</summary>
internal static class Docs
{
    public static string Of(string definition, string property) =>
        (EmbeddedSchemas.Swagger["definitions"]?[definition]?["properties"]?[property]?["description"]).Str() ?? "";

    public static string Meta(string property) => Of("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", property);

    public static TableColumn Name => new("Name", "string", Meta("name"), Format: "name");
    public static TableColumn Age => new("Age", "string", Meta("creationTimestamp"));
    public static TableColumn Containers => new("Containers", "string", "Names of each container in the template.", 1);
    public static TableColumn Images => new("Images", "string", "Images referenced by each container in the template.", 1);
}
