#!/usr/bin/env bash
# Renders the models the docs pages show into docs/images/<key>.svg with bpmn-js in headless Chromium (the pages link
# them; DiagramImagesTests fails when an image no longer shows its model). Run from anywhere after changing a model.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules/bpmn-js ] || npm ci --no-audit --no-fund
mkdir -p docs/images
for key in homelab-rollout phase-1-foundation phase-2-cicd phase-3-gitops phase-4-backup \
  rollback-phase-1 rollback-phase-2 rollback-phase-3; do
  node src/build/render-diagram.mjs "processes/$key.bpmn" "docs/images/$key.svg"
  echo "docs/images/$key.svg"
done
