#!/usr/bin/env bash
# Checks the deployment files: Prometheus config, alert rules and their unit tests (promtool), and the
# compose file (docker-compose's own validator; no Docker engine needed).
set -euo pipefail
cd "$(dirname "$0")"
promtool check config prometheus/prometheus.yml
promtool test rules prometheus/tests/*.test.yml
JWT_SECRET=check docker-compose -f compose.yaml config --quiet
echo "deploy: prometheus config, rules and compose file are valid"
