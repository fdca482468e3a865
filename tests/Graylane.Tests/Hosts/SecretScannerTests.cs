using Graylane.Cli.Hosts;

namespace Graylane.Tests.Hosts;

public class SecretScannerTests
{
    [Fact]
    public void Finds_user_credentials()
    {
        const string yaml = """
            apiVersion: v1
            kind: Config
            users:
            - name: a
              user:
                token: plain-token
            - name: b
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
            - name: c
              user:
                username: admin
                password: "p@ss word"
            """;
        Assert.Equal(["plain-token", "S0VZ", "Q0VSVA==", "p@ss word"], SecretScanner.KubeconfigSecrets(yaml));
    }

    [Fact]
    public void Finds_auth_provider_and_exec_secrets_but_not_ordinary_values()
    {
        const string yaml = """
            users:
            - name: oidc
              user:
                auth-provider:
                  name: oidc
                  config:
                    client-id: shop
                    client-secret: cs-value
                    id-token: idt-value
                    refresh-token: rt-value
                    idp-issuer-url: https://issuer.example
            - name: exec
              user:
                exec:
                  command: kubelogin
                  args: ["get-token", "--server-id", "6dae42f8", "--client-secret=arg-secret", "--password", "arg-pass"]
                  env:
                  - name: AZURE_CONFIG_DIR
                    value: /home/runner/.azure
                  - name: AAD_SERVICE_PRINCIPAL_CLIENT_SECRET
                    value: env-secret
                  - name: SOMETHING
                    value: a1b2c3d4e5f6g7h8i9j0
            """;
        var secrets = SecretScanner.KubeconfigSecrets(yaml);
        Assert.Equal(["cs-value", "idt-value", "rt-value", "env-secret", "a1b2c3d4e5f6g7h8i9j0", "arg-secret", "arg-pass"], secrets);
        Assert.DoesNotContain("/home/runner/.azure", secrets);
        Assert.DoesNotContain("shop", secrets);
    }

    [Theory]
    [InlineData("just a value")]
    [InlineData("key: value\nother: 1")]
    [InlineData("users: [unclosed")]
    [InlineData("")]
    public void Anything_else_has_no_secrets(string text)
    {
        Assert.Empty(SecretScanner.KubeconfigSecrets(text));
        Assert.False(SecretScanner.IsKubeconfig(text));
    }

    [Fact]
    public void Recognises_a_kubeconfig() => Assert.True(SecretScanner.IsKubeconfig(TestSteps.Kubeconfig));
}
