#!/usr/bin/env bash
# Provides pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs at the pinned
# version in a per-machine cache, building them from the Go module proxy when needed.
# Prints the bin directory on stdout; everything else goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

log() { printf '[toolchain] %s\n' "$*" >&2; }

# The cache key includes the wrapper module's checksums, so a changed pin rebuilds.
recipe_hash="$(cat "$here/pulumi/go.mod" "$here/pulumi/go.sum" "$here/pulumi/tools.go" "$here"/pulumi/patches/*.patch | sha256sum | cut -c1-12)"
cache_root="${PHOENIX_CACHE:-$HOME/.cache/phoenix}/toolchain"
dest="$cache_root/pulumi-v$PULUMI_VERSION-$recipe_hash"

has_version() { [ -x "$1/pulumi" ] && [ "$("$1/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; }

# The engine fixes Phoenix carries (toolchain/pulumi/patches, decision 0028). A build that has
# them says so in this file, next to the binary; scripts/pulumi.sh reads it.
PATCH_MARKER=phoenix-engine-patches
patch_names() { (cd "$here/pulumi/patches" && ls -1 -- *.patch); }

install_nodejs_plugin_script() {
  # The dynamic-provider plugin is a small sh script shipped in the npm package; it must sit
  # next to pulumi so the engine never tries to download a plugin called pulumi-nodejs.
  local src="$project/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -f "$src" ] || { log "missing $src: run npm ci first"; exit 1; }
  install -m 0755 "$src" "$1/pulumi-resource-pulumi-nodejs"
}

use_path_pulumi() {
  local found
  found="$(command -v pulumi 2>/dev/null || true)"
  [ -n "$found" ] || return 1
  local dir; dir="$(dirname "$(readlink -f "$found")")"
  has_version "$dir" && [ -x "$dir/pulumi-language-nodejs" ] || return 1
  mkdir -p "$dest/bin"
  ln -sf "$dir/pulumi" "$dest/bin/pulumi"
  ln -sf "$dir/pulumi-language-nodejs" "$dest/bin/pulumi-language-nodejs"
  log "using pulumi v$PULUMI_VERSION from $dir"
}

check_go() {
  command -v go >/dev/null || { log "Go >= $GO_MIN_VERSION is needed to build Pulumi (no registry here ships its binary)"; exit 1; }
  local v; v="$(GOTOOLCHAIN=local go env GOVERSION | sed 's/^go//')"
  if [ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "$v" | sort -V | head -1)" != "$GO_MIN_VERSION" ]; then
    log "Go $v is older than $GO_MIN_VERSION"; exit 1
  fi
}

build_from_proxy() {
  check_go
  build_dir="$(mktemp -d "$cache_root/build.XXXXXX")"
  trap 'rm -rf "$build_dir"' EXIT
  local work="$build_dir"
  cp "$here/pulumi/go.mod" "$here/pulumi/go.sum" "$here/pulumi/tools.go" "$work/"
  # The engine module as the proxy serves it (checked against go.sum), with our patches applied,
  # replaces the original.
  local engine
  engine="$(cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download -json github.com/pulumi/pulumi/pkg/v3 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$engine" ] || { log "could not download the engine module"; exit 1; }
  cp -R "$engine" "$work/engine" && chmod -R u+w "$work/engine"
  local p
  for p in "$here"/pulumi/patches/*.patch; do
    patch --quiet -p1 -d "$work/engine" < "$p" || { log "patch ${p##*/} does not apply"; exit 1; }
  done
  (cd "$work" && go mod edit -replace github.com/pulumi/pulumi/pkg/v3=./engine)
  local ld="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
  log "building pulumi v$PULUMI_VERSION from the Go module proxy (once per machine, ~5 min)"
  # -mod=readonly: every module is checked against the go.sum committed in this repo.
  (cd "$work" && export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 &&
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ld" -o bin/pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ld" -o bin/pulumi-language-nodejs github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) >&2
  has_version "$work/bin" || { log "built pulumi does not report v$PULUMI_VERSION"; exit 1; }
  patch_names > "$work/bin/$PATCH_MARKER"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp" && mv "$work/bin" "$dest.tmp/bin" && rm -rf "$dest" && mv "$dest.tmp" "$dest"
}

main() {
  mkdir -p "$cache_root"
  if ! has_version "$dest/bin"; then
    # A pulumi found on PATH lacks the engine patches: only when nothing can be built.
    if command -v go >/dev/null; then build_from_proxy; else use_path_pulumi || build_from_proxy; fi
  fi
  install_nodejs_plugin_script "$dest/bin"
  echo "$dest/bin"
}

main "$@"
