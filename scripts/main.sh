#!/usr/bin/env bash
# Sets up everything a fresh machine needs (Node 22, pnpm, dependencies, build), then runs the
# main job: a scripted session and a transcription session against `soundcheck serve` in both
# dialects, `soundcheck validate` of its transcript, the barge-in scenario through
# `soundcheck serve --scenario`, and the fixture events.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/provision.sh
pnpm run main "$@"
