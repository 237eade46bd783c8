#!/usr/bin/env bash
# Browser test of the offline HTML map (issue 12), called by .ci/run.
# Installs Debian's Chromium when it is missing and playwright-core (the DevTools-protocol
# driver; it downloads no browser) from the npm registry into target/browser-test, writes the
# flagship example's out/map.html, and opens it headless from the file system
# (tests/browser/map_page.mjs: fails on any console error, failed or outside request; checks
# that every hub and segment of data/mexico is drawn, the layer control, a hover tooltip and a
# click popup). Writes a screenshot to target/browser-test/map_html.png.
set -euo pipefail
cd "$(dirname "$0")/.."
PLAYWRIGHT_CORE_VERSION=1.65.1
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs and npm (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
dir=target/browser-test
mkdir -p "$dir"
if [ "$(node -p "try{require('./$dir/node_modules/playwright-core/package.json').version}catch(e){''}")" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  echo "== installing playwright-core $PLAYWRIGHT_CORE_VERSION (npm)"
  (cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --ignore-scripts "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null)
fi
echo "== flagship example (writes out/map.html)"
cargo run --quiet --all-features --example mexico_corridors >/dev/null
echo "== browser test of out/map.html ($(chromium --version 2>/dev/null | head -1))"
PLAYWRIGHT_DIR="$dir" node tests/browser/map_page.mjs out/map.html \
  --hubs data/mexico/hubs.geojson --segments data/mexico/segments.geojson \
  --layers "Network: road,Network: rail,Hubs by kind,Hubs by OD betweenness,Segments by published cases,Routes Tapachula → border,Named corridors,Outreach posts (siting),Hot spots (BH q ≤ 0.1; red: significant),NKDE: cases per km,Country outlines (Natural Earth)" \
  --hover road-aguascalientes-zacatecas --hover-text "Aguascalientes → Zacatecas" \
  --screenshot "$dir/map_html.png"
