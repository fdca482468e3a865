using System.Text.Json.Nodes;
using Graylane.Core.Planning;

namespace Graylane.Tests.Planning;

/// <summary>How the baseline's pods are identified: by the version label, else by the current ReplicaSet's pod-template-hash.</summary>
public class BaselinePodsTests
{
    private static JsonObject Deployment(string image, JsonObject? labels = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["uid"] = "u-1", ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "2" } },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = Template(image, labels ?? new JsonObject { ["app"] = "web" }),
        },
    };

    private static JsonObject Template(string image, JsonObject labels) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = labels },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }) },
    };

    private static JsonObject ReplicaSet(string hash, string image, int replicas, string owner = "u-1", string revision = "1") => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = $"web-{hash}",
            ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = hash },
            ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision },
            ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "web", ["uid"] = owner }),
        },
        ["spec"] = new JsonObject { ["replicas"] = replicas, ["template"] = Template(image, new JsonObject { ["app"] = "web", ["pod-template-hash"] = hash }) },
        ["status"] = new JsonObject { ["replicas"] = replicas },
    };

    [Fact]
    public void Pods_with_a_version_label_are_selected_by_it()
    {
        var id = BaselinePods.ByVersionLabel(Deployment("nginx:1", new JsonObject { ["app"] = "web", ["version"] = "v1" }), "version");
        Assert.NotNull(id);
        Assert.Equal("v1", id.Version);
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v1" }, id.Selector);
        Assert.False(id.ByTemplateHash);
        Assert.Null(BaselinePods.ByVersionLabel(Deployment("nginx:1"), "version"));
    }

    [Fact]
    public void Pods_without_one_are_selected_by_the_hash_of_the_replicaset_running_the_current_template()
    {
        var replicaSets = new[]
        {
            ReplicaSet("6b7c8d9f4", "nginx:0", 0),                 // an earlier template, scaled down
            ReplicaSet("5d8f7c9b4", "nginx:1", 2, revision: "2"),  // the current one
            ReplicaSet("4c5d6f7g8", "nginx:1", 3, owner: "u-other"), // same template, another Deployment's
        };
        var id = BaselinePods.ByTemplateHash(Deployment("nginx:1"), replicaSets, "version");
        Assert.Equal("5d8f7c9b4", id.Version);
        Assert.Equal(new Dictionary<string, string> { ["pod-template-hash"] = "5d8f7c9b4" }, id.Selector);
        Assert.True(id.ByTemplateHash);
    }

    [Fact]
    public void A_template_defaulted_differently_is_found_by_its_revision()
    {
        var rs = ReplicaSet("5d8f7c9b4", "nginx:1", 2, revision: "2");
        rs["spec"]!["template"]!["spec"]!["dnsPolicy"] = "ClusterFirst";
        Assert.Equal("5d8f7c9b4", BaselinePods.ByTemplateHash(Deployment("nginx:1"), [rs], "version").Version);
    }

    [Fact]
    public void A_rollout_in_progress_or_not_started_is_refused()
    {
        var rolling = Assert.Throws<ReleaseConflictException>(() => BaselinePods.ByTemplateHash(Deployment("nginx:1"),
            [ReplicaSet("6b7c8d9f4", "nginx:0", 1), ReplicaSet("5d8f7c9b4", "nginx:1", 2, revision: "2")], "version"));
        Assert.Contains("still rolling out: ReplicaSet web-6b7c8d9f4", rolling.Message);
        var none = Assert.Throws<ReleaseConflictException>(() => BaselinePods.ByTemplateHash(Deployment("nginx:1"), [ReplicaSet("6b7c8d9f4", "nginx:0", 2)], "version"));
        Assert.Contains("no ReplicaSet with a pod-template-hash for its current template", none.Message);
    }
}
