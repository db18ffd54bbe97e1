#!/usr/bin/env bash
# Bundles the dashboard's map (src/meshMap.js with cytoscape and cytoscape-fcose, pinned by package-lock.json) into
# ../wwwroot/js/meshMap.js, an ES module the Blazor component imports. The output is committed, so building the .NET
# solution needs no node; run this after changing src/ or the versions, and commit the result.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
mkdir -p ../wwwroot/js
npx --no-install esbuild src/meshMap.js \
  --bundle --format=esm --minify --target=es2020 --legal-comments=eof \
  --outfile=../wwwroot/js/meshMap.js
echo "wrote $(wc -c < ../wwwroot/js/meshMap.js) bytes to wwwroot/js/meshMap.js"
