# Graylane's container image: the Native AOT graylane binary on a small runtime-deps base.
#   docker build -t graylane .                          the default target: runs as a non-root user
#   docker build --target action -t graylane-action .   for GitHub container actions, which must run as root
# The release workflow builds both for linux/amd64 and linux/arm64 (docs/install.md says why two).

# Build stage: the SDK plus what Native AOT links with (clang, zlib).
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
ARG TARGETARCH=amd64
ARG VERSION=0.0.0-dev
ARG PUBLISH_DIR=/app
# .ci/run runs this very instruction outside Docker, so CI proves it publishes with no trim/AOT warning.
# The local cluster (demo, sandbox) is left out of the shipped binary.
RUN rid="linux-$(if [ "$TARGETARCH" = arm64 ]; then echo arm64; else echo x64; fi)" \
 && dotnet publish src/Graylane.Cli -c Release -r "$rid" -p:IncludeLocalCluster=false -p:Version="$VERSION" -o "$PUBLISH_DIR"

# GitHub container actions: the runner mounts the workspace and its command files for root only.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS action
ARG VERSION=0.0.0-dev
LABEL org.opencontainers.image.source="https://github.com/graylane/graylane" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.title="graylane-action" \
      org.opencontainers.image.description="Graylane gray releases for Kubernetes, as run by the GitHub actions"
COPY --from=build /app/graylane /usr/local/bin/graylane
USER 0
ENTRYPOINT ["/usr/local/bin/graylane"]

# Default target: the same binary as a non-root user (numeric, so Kubernetes runAsNonRoot can verify it).
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
ARG VERSION=0.0.0-dev
LABEL org.opencontainers.image.source="https://github.com/graylane/graylane" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.title="graylane" \
      org.opencontainers.image.description="Graylane gray releases for Kubernetes: deploy-gray, shift-traffic, promote, rollback"
COPY --from=build /app/graylane /usr/local/bin/graylane
USER 1654:1654
ENTRYPOINT ["/usr/local/bin/graylane"]
