#!/usr/bin/env bash
# The whole test suite: installs what the tests need, builds, runs every test project,
# and prints "N passed, N failed, N skipped" as its last line. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Babelwire.slnx -c Release -nologo -v quiet >"$log" 2>&1; then
  grep -E 'error|Error' "$log" | sort -u | head -n 40
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# One test module at a time: the system tests time reroutes of real agents on 1 s Hellos, and sharing two cores with
# the controller tests' PostgreSQL servers and the engine simulations (each module also runs its classes in
# parallel) made them late. The whole run, build included, took about six minutes this way here.
dotnet test --solution Babelwire.slnx -c Release --no-build --max-parallel-test-modules 1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The MTP summary of the whole run ("total: / failed: / succeeded: / skipped:") sums every test project.
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(count succeeded)
failed=$(count failed)
skipped=$(count skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a crashed or empty test project counts as a failure
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
