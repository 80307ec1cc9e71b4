#!/usr/bin/env bash
# Sets up everything a fresh machine needs (Node 22, pnpm, dependencies, build), then runs the
# main job: today, validating every fixture event of both dialects with @soundcheck/schema and
# printing a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/provision.sh
pnpm run main "$@"
