using Graylane.Core.Validation;

namespace Graylane.Engine.Routing;

/// <summary>Picks the router by its --router name.</summary>
public static class RouterFactory
{
    public static IReadOnlyList<string> Names { get; } = ["service", "istio", LanesRouter.IstioName, LanesRouter.AsmName];

    public static ITrafficRouter Create(string name) => name switch
    {
        "service" => new ServiceSelectorRouter(),
        "istio" => new IstioRouter(),
        LanesRouter.IstioName => new LanesRouter(asm: false),
        LanesRouter.AsmName => new LanesRouter(asm: true),
        _ => throw new InvalidInputException("router",
            $"--router \"{KubeNames.Printable(name)}\" is not supported; valid routers: {string.Join(", ", Names)}"),
    };
}
