#!/usr/bin/env bash
# Ensure the Pulumi engine binaries at exactly PULUMI_VERSION and print the directory holding them
# as the LAST line of output.
#
# Order of preference:
#   1. a cached build under ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elasticache-rbac/engine/v<version>/bin
#   2. a `pulumi` already on PATH whose `pulumi version` matches (its directory is used; the python
#      plugin scripts are added to the cache directory next to a symlink to it)
#   3. a cold build from the Go modules github.com/pulumi/pulumi/pkg/v3 (cmd/pulumi) and
#      github.com/pulumi/pulumi/sdk/v3 (the two Python plugin scripts ship inside that module).
#
# The Python language host (`pulumi-language-python`) is NOT built from Go: its Go module
# (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) has no tags and the module proxy
# reachable here refuses every pseudo-version of it (see docs/engine.md). We install our own
# LanguageRuntime server instead (engine/pulumi_language_python_shim.py), run by the project's venv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${PULUMI_VERSION:?set PULUMI_VERSION (the pinned pulumi Python SDK version)}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-elasticache-rbac/engine"
dest="$cache_root/v$version"
bin="$dest/bin"
python_bin="${ENGINE_PYTHON:-$here/.venv/bin/python}"

log() { printf '[engine] %s\n' "$*" >&2; }

engine_ok() {
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-resource-pulumi-python" ] \
    && [ -x "$bin/pulumi-language-python-exec" ] && [ -x "$bin/pulumi-language-python" ] \
    && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]
}

install_shim() {
  # The language host shim is tiny and versioned with this repo: refresh it every time so that a
  # cached engine always runs the current shim.
  install -m 0644 "$here/engine/pulumi_language_python_shim.py" "$bin/pulumi_language_python_shim.py"
  cat >"$bin/pulumi-language-python" <<SH
#!/usr/bin/env bash
# Pulumi Python language host (project shim, see docs/engine.md).
py="\${PULUMI_LANGUAGE_HOST_PYTHON:-\${PULUMI_PYTHON_CMD:-$python_bin}}"
[ -x "\$py" ] || py="\$(command -v python3)"
exec "\$py" -u "\$(dirname "\$0")/pulumi_language_python_shim.py" "\$@"
SH
  chmod 0755 "$bin/pulumi-language-python"
}

if engine_ok; then
  install_shim
  log "cached engine v$version"
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"

if command -v pulumi >/dev/null 2>&1 && [ "$(pulumi version 2>/dev/null)" = "v$version" ]; then
  log "using pulumi v$version found on PATH at $(command -v pulumi)"
  ln -sf "$(command -v pulumi)" "$bin/pulumi"
fi

if [ ! -x "$bin/pulumi" ] || [ "$("$bin/pulumi" version 2>/dev/null)" != "v$version" ]; then
  command -v go >/dev/null 2>&1 || {
    log "ERROR: no pulumi v$version on PATH and no Go toolchain to build it (install Go >= 1.24)"; exit 1; }
  work="$dest/build"
  mkdir -p "$work"
  cat >"$work/go.mod" <<MOD
module pulumi-elasticache-rbac/engine-build

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

// Same non-relative replace as pkg/v3's own go.mod.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
  cd "$work"
  log "cold build of pulumi v$version from Go modules (takes 5-15 min on 2 cores; cached afterwards)"
  log "step 1/2: downloading modules"
  GOFLAGS=-mod=mod go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" >&2
  log "step 2/2: compiling cmd/pulumi"
  start=$(date +%s)
  ( while sleep 30; do log "  still compiling... $(( $(date +%s) - start ))s"; done ) &
  ticker=$!
  trap 'kill $ticker 2>/dev/null || true' EXIT
  GOFLAGS=-mod=mod go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  kill $ticker 2>/dev/null || true
  mv "$bin/pulumi.tmp" "$bin/pulumi"
  log "compiled in $(( $(date +%s) - start ))s"
fi

# The dynamic-provider host and the exec script are shell/python scripts inside the sdk/v3 module;
# module zips drop exec bits, so copy them with mode 0755.
sdkdir="$(cd "$dest" && GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$version" 2>/dev/null \
  | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')" || true
if [ -z "${sdkdir:-}" ] || [ ! -d "$sdkdir" ]; then
  log "ERROR: could not download github.com/pulumi/pulumi/sdk/v3@v$version"; exit 1
fi
install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
install_shim

engine_ok || { log "ERROR: engine in $bin is incomplete or reports the wrong version"; exit 1; }
log "engine v$version ready ($(du -sh "$dest" | cut -f1) in $dest)"
echo "$bin"
