#!/usr/bin/env bash
# Runs every OpenLeads test: the README's test command, and what CI runs (.ci/run).
# On a fresh machine it first installs what the tests need (PostgreSQL, with apt, when run as root).
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

if ! has_postgres; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing PostgreSQL (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  else
    echo "test.sh: the PostgreSQL tests need PostgreSQL's server binaries (initdb, pg_ctl)." >&2
    echo "  Install them (Debian/Ubuntu: sudo apt-get install -y postgresql), or set OPENLEADS_TEST_PG" >&2
    echo "  to a connection string of a server where the tests may create a database." >&2
    exit 1
  fi
fi

say "Building"
dotnet build OpenLeads.slnx --nologo -v quiet

say "Every test, on SQLite"
OPENLEADS_TEST_PROVIDER=sqlite dotnet test OpenLeads.slnx --no-build --nologo "$@"

say "Every server test again, on PostgreSQL"
OPENLEADS_TEST_PROVIDER=postgres dotnet test OpenLeads.slnx --no-build --nologo \
  --filter "FullyQualifiedName!~OpenLeads.Tests.Storage&FullyQualifiedName!~OpenLeads.Tests.Hosting" "$@"
