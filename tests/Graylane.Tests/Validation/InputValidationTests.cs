using Graylane.Core.Validation;

namespace Graylane.Tests.Validation;

public class InputValidationTests
{
    [Theory]
    [InlineData("nginx:1.27")]
    [InlineData("registry.example.com:5000/team/web:2.0.1")]
    [InlineData("web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("istio/examples-bookinfo-reviews-v2:1.16.2")]
    public void Valid_images(string image) => Assert.Equal(image, ImageReference.Validate("image", image));

    [Theory]
    [InlineData("Nginx:1")]
    [InlineData("web:bad tag")]
    [InlineData("$(curl evil)")]
    [InlineData("web\n::error::x")]
    [InlineData("")]
    public void Invalid_images_name_the_input(string image)
    {
        var ex = Assert.Throws<InvalidInputException>(() => ImageReference.Validate("image", image));
        Assert.Equal("image", ex.Input);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("20230401095436")]
    [InlineData("release-1.2_3")]
    public void Valid_versions(string v) => Assert.Equal(v, KubeNames.LabelValue("version", v));

    [Theory]
    [InlineData("-v2")]
    [InlineData("v2/../x")]
    [InlineData("a\nb")]
    [InlineData("v2\n")] // .NET's $ matches before a final newline; names must end where the text ends
    [InlineData("this-version-is-far-too-long-to-be-a-label-value-in-kubernetes-at-all")]
    public void Invalid_versions(string v) =>
        Assert.Contains("not a valid label value", Assert.Throws<InvalidInputException>(() => KubeNames.LabelValue("version", v)).Message);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData(" 20 ", 20)]
    public void Weights(string text, int expected) => Assert.Equal(expected, Numbers.Weight("weight", text));

    [Theory]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("50%")]
    [InlineData("")]
    public void Bad_weights(string text) =>
        Assert.Contains("whole number from 0 to 100", Assert.Throws<InvalidInputException>(() => Numbers.Weight("weight", text)).Message);

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("12h", 43200)]
    [InlineData("1m30s", 90)]
    public void Durations_parse(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse("timeout", text));

    [Fact]
    public void Milliseconds_parse() => Assert.Equal(TimeSpan.FromMilliseconds(500), Durations.Parse("timeout", "500ms"));

    [Theory]
    [InlineData("ten minutes")]
    [InlineData("10x")]
    [InlineData("")]
    [InlineData("-5s")]
    public void Bad_durations(string text) =>
        Assert.Contains("not a duration", Assert.Throws<InvalidInputException>(() => Durations.Parse("timeout", text)).Message);

    [Fact]
    public void Images_input_parses_names_and_refuses_duplicates_and_both_forms()
    {
        var images = ImageInputs.Parse(null, "web=shop/web:2, sidecar=shop/proxy:1.4");
        Assert.Equal("shop/web:2", images["web"]);
        Assert.Equal("shop/proxy:1.4", images["sidecar"]);
        Assert.Throws<InvalidInputException>(() => ImageInputs.Parse(null, "web=a:1,web=b:2"));
        Assert.Throws<InvalidInputException>(() => ImageInputs.Parse("a:1", "web=b:2"));
        Assert.Contains("container=image", Assert.Throws<InvalidInputException>(() => ImageInputs.Parse(null, "shop/web:2")).Message);
    }

    [Fact]
    public void Printable_escapes_control_characters() => Assert.Equal("a\\u000ab", KubeNames.Printable("a\nb"));

    /// <summary>A trailing newline (an Actions input written as a YAML block scalar keeps one) is not part of a valid name.</summary>
    [Theory]
    [InlineData("web\n")]
    [InlineData("web\r\n")]
    public void Names_with_a_trailing_newline_are_refused(string name)
    {
        Assert.Contains("not a valid Kubernetes name", Assert.Throws<InvalidInputException>(() => KubeNames.DnsSubdomain("workload", name)).Message);
        Assert.Throws<InvalidInputException>(() => KubeNames.DnsLabel("service", name));
        Assert.False(KubeNames.IsLabelKey(name));
        Assert.False(KubeNames.IsLabelKey("example.com/" + name));
        Assert.True(KubeNames.IsDnsLabel("web"));
    }
}
