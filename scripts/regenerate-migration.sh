#!/usr/bin/env bash
# Until the first release, the schema is one migration, "Initial": this script throws the old one away and
# generates it again from the current model (Controller/Data). After a release, add migrations instead (migrations/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f migrations/[0-9]*_Initial*.cs migrations/MeshDbContextModelSnapshot.cs
rm -rf migrations/Babelwire
dotnet tool restore >/dev/null
dotnet ef migrations add Initial --project migrations --startup-project migrations --output-dir . --namespace Babelwire.Migrations
# dotnet ef puts the snapshot in a folder named after its namespace; keep the project flat.
if [ -d migrations/Babelwire ]; then
  find migrations/Babelwire -name '*.cs' -exec mv {} migrations/ \;
  rm -rf migrations/Babelwire
fi
