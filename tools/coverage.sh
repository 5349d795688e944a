#!/usr/bin/env bash
# Line and branch coverage of the suite with coverlet (coverlet.collector, cobertura), printed per project so that a
# drop shows. Not in CI's default path: instrumented, the suite runs about twice as long. Usage:
#   tools/coverage.sh [dotnet test options, e.g. --filter FullyQualifiedName~Rbac]
# The report lands in TestResults/coverage/<run>/coverage.cobertura.xml.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="$PWD/TestResults/coverage"
rm -rf "$out"
start=$SECONDS
rc=0
dotnet test tests/VectaX.Tests -c Release --collect "XPlat Code Coverage" --settings tools/coverage.runsettings --results-directory "$out" "$@" || rc=$?
report=$(find "$out" -name coverage.cobertura.xml | head -n 1)
[ -n "$report" ] || { echo "coverage: no report under $out" >&2; exit 1; }
echo "coverage: $report (suite took $((SECONDS - start)) s)"
printf '%-16s %8s %8s\n' project lines branches
# Each <package> element carries its assembly's rates; print them as percentages.
grep -o '<package name="[^"]*" line-rate="[^"]*" branch-rate="[^"]*"' "$report" |
  sed -E 's/<package name="([^"]*)" line-rate="([^"]*)" branch-rate="([^"]*)"/\1 \2 \3/' |
  awk '{ printf "%-16s %7.1f%% %7.1f%%\n", $1, $2 * 100, $3 * 100 }'
grep -o '<coverage line-rate="[^"]*" branch-rate="[^"]*"' "$report" |
  sed -E 's/<coverage line-rate="([^"]*)" branch-rate="([^"]*)"/all \1 \2/' |
  awk '{ printf "%-16s %7.1f%% %7.1f%%\n", $1, $2 * 100, $3 * 100 }'
[ "$rc" -eq 0 ] || echo "coverage: the suite failed (exit $rc): the figures above count the tests that ran"
exit "$rc"
