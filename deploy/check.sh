#!/usr/bin/env bash
# Checks the deployment files: Prometheus config, alert rules and their unit tests (promtool), the
# compose file (docker-compose's own validator), and the engine image's build steps and what its CMD needs
# (check-image.ts, in a temporary copy; with DATABASE_URL it starts the result). No Docker engine needed.
set -euo pipefail
cd "$(dirname "$0")"
promtool check config prometheus/prometheus.yml
promtool test rules prometheus/tests/*.test.yml
JWT_SECRET=check docker-compose -f compose.yaml config --quiet
echo "deploy: prometheus config, rules and compose file are valid"
node --disable-warning=ExperimentalWarning check-image.ts
