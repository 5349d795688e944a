#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json), not part of CI: on a 2-core
# machine the RBAC folder takes tens of minutes and the whole core hours. Usage:
#   tools/mutation.sh rbac|core|collections [more Stryker options, e.g. --mutate '**/VectaXKey.cs' or --since:main]
# Configurations live in .stryker/<target>.json (concurrency 1, per-test coverage, a test filter per target);
# reports land in StrykerOutput/<date>/reports/ under tests/VectaX.Tests (HTML and JSON) and the score is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/mutation.sh rbac|core|collections [stryker options]}
shift
config="$PWD/.stryker/$target.json"
[ -f "$config" ] || { echo "mutation: no configuration $config" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build tests/VectaX.Tests -c Release -v quiet -nologo -clp:NoSummary
cd tests/VectaX.Tests
start=$SECONDS
dotnet tool run dotnet-stryker --config-file "$config" "$@"
echo "mutation: $target took $((SECONDS - start)) s"
