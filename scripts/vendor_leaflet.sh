#!/usr/bin/env bash
# Vendors the pinned Leaflet release into data/vendor/leaflet/ for the offline HTML map
# (src/map/html.rs inlines leaflet.js and leaflet.css with include_str!).
# Leaflet is installed from the npm registry into a temporary directory; only the minified
# JS and CSS and the licence are kept, with the version in VERSION.
# Usage: scripts/vendor_leaflet.sh   (re-run after changing LEAFLET_VERSION)
set -euo pipefail
LEAFLET_VERSION=1.9.4
cd "$(dirname "$0")/.."
dest=data/vendor/leaflet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "leaflet@$LEAFLET_VERSION" >/dev/null)
src="$tmp/node_modules/leaflet"
got=$(node -p "require('$src/package.json').version")
[ "$got" = "$LEAFLET_VERSION" ] || { echo "expected leaflet $LEAFLET_VERSION, npm gave $got" >&2; exit 1; }
mkdir -p "$dest"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$dest/"
echo "leaflet $LEAFLET_VERSION (npm), dist/leaflet.js, dist/leaflet.css, LICENSE" > "$dest/VERSION"
echo "vendored leaflet $LEAFLET_VERSION into $dest"
