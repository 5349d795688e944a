#!/usr/bin/env bash
# Regenerates the dependency diagram in docs/ARCHITECTURE.md from the .csproj files (the test that checks it
# renders it), then runs the architecture tests against the result.
set -euo pipefail
cd "$(dirname "$0")/.."
VECTAX_WRITE_ARCHITECTURE=1 dotnet test tests/VectaX.Tests -c Release --filter 'FullyQualifiedName~VectaX.Tests.Architecture' "$@"
dotnet test tests/VectaX.Tests -c Release --no-build --filter 'FullyQualifiedName~VectaX.Tests.Architecture'
