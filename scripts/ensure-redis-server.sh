#!/usr/bin/env bash
# Make sure a `redis-server` with `ACL DRYRUN` (Redis >= 7.0) is installed; print its path.
#
# Used by the real-engine test tier (tests/engine): it installs Debian's `redis-server` package when
# the binary is missing (as root, with apt-get), and fails with a clear message when it cannot.
# It never starts a server: the tests start their own on a free loopback port.
set -euo pipefail

find_server() { command -v redis-server || { test -x /usr/bin/redis-server && echo /usr/bin/redis-server; } || true; }

server="$(find_server)"
if [[ -z "$server" ]]; then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "redis-server is not installed and cannot be installed here (needs root and apt-get)." >&2
    echo "Install Debian's package yourself: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
  echo "installing Debian's redis-server package (for the real-engine tests)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || { echo "apt-get update failed" >&2; exit 1; }
  apt-get install -y -qq --no-install-recommends redis-server >&2 || { echo "apt-get install redis-server failed" >&2; exit 1; }
  server="$(find_server)"
  [[ -n "$server" ]] || { echo "redis-server still not found after installing it" >&2; exit 1; }
fi

version="$("$server" --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')"
major="${version%%.*}"
if [[ -z "$major" || "$major" -lt 7 ]]; then
  echo "$server is version '${version:-unknown}'; the tests need Redis >= 7.0 (ACL DRYRUN, selectors)." >&2
  exit 1
fi
echo "$server"
