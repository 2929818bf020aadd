#!/usr/bin/env bash
# Runs every OpenLeads test: the README's test command, and what CI runs (.ci/run).
# On a fresh machine it first installs what the tests need (PostgreSQL, Chromium, Node.js, and clang and zlib for
# Native AOT, with apt, when run as root),
# then Zoho's official Node SDK for the SDK tests (npm ci in tests/zoho-sdk).
#
# The suite runs twice: every test on SQLite, then every server test again on PostgreSQL
# (OPENLEADS_TEST_PROVIDER=postgres). The storage contract and process tests name their provider
# themselves and run in the first pass. PostgreSQL comes from OPENLEADS_TEST_PG (a connection
# string) when set, otherwise from a throwaway cluster the tests create with initdb and pg_ctl.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\n== %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is needed (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
  exit 1
fi

has_postgres() {
  [ -n "${OPENLEADS_TEST_PG:-}" ] && return 0
  [ -n "${OPENLEADS_PG_BIN:-}" ] && [ -x "${OPENLEADS_PG_BIN}/initdb" ] && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

has_chromium() {
  [ -n "${OPENLEADS_CHROMIUM:-}" ] && [ -x "${OPENLEADS_CHROMIUM}" ] && return 0
  [ -x /usr/bin/chromium ]
}

# Native AOT's publish (Hosting/NativeAotTests) links with the platform's C compiler and zlib.
has_native_linker() { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; }

missing=()
has_postgres || missing+=(postgresql)
has_chromium || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
has_native_linker || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing ${missing[*]} (apt-get install)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: the tests need ${missing[*]}:" >&2
    echo "  PostgreSQL's server binaries (initdb, pg_ctl) for the PostgreSQL tests, or OPENLEADS_TEST_PG set to a" >&2
    echo "  connection string of a server where the tests may create a database;" >&2
    echo "  Chromium for the web console's browser tests (/usr/bin/chromium, or OPENLEADS_CHROMIUM set to its path);" >&2
    echo "  Node.js (18 or later) and npm for the tests that drive Zoho's Node SDK (tests/zoho-sdk);" >&2
    echo "  a C compiler (clang or gcc) and zlib's headers for the Native AOT publish the tests make." >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

say "Installing Zoho's Node SDK for the SDK tests (npm ci in tests/zoho-sdk)"
(cd tests/zoho-sdk && npm ci --no-audit --no-fund --loglevel=error)

say "Building"
dotnet build OpenLeads.slnx --nologo -v quiet

say "Every test, on SQLite"
OPENLEADS_TEST_PROVIDER=sqlite dotnet test OpenLeads.slnx --no-build --nologo "$@"

say "Every server test again, on PostgreSQL"
OPENLEADS_TEST_PROVIDER=postgres dotnet test OpenLeads.slnx --no-build --nologo \
  --filter "FullyQualifiedName!~OpenLeads.Tests.Storage&FullyQualifiedName!~OpenLeads.Tests.Hosting" "$@"
