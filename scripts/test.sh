#!/usr/bin/env bash
# Sets up everything a fresh machine needs (Node 22, pnpm, dependencies, build), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/provision.sh
pnpm test "$@"
