#!/usr/bin/env bash
# Produces docs/screenshot-suspect.png: the dashboard on `oilwatch sim` after every answer turned into a
# spike (ten times the price), so each tile is SUSPECT and keeps its last good value.
#   docs/screenshot-suspect.sh [OILWATCH_BINARY]
# Runs with its own throw-away data and settings folders, offscreen, on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/oilwatch}
work=$(mktemp -d)
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config QT_QPA_PLATFORM=offscreen OILPRICEAPI_KEY=
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" sim --port 0 --seed 7 >"$work/sim.out" &
sim_pid=$!
for _ in $(seq 100); do grep -q listening "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
url="http://$(head -1 "$work/sim.out" | cut -d' ' -f3)"
codes="BRENT_CRUDE_USD WTI_USD NATURAL_GAS_USD DUTCH_TTF_EUR GASOLINE_USD" # the dashboard's
# Healthy answers first: they are the last good values the tiles keep showing.
"$bin" fetch $codes --base-url "$url" >/dev/null
curl -sf -X POST -H 'Content-Type: application/json' \
  --data '{"name": "spikes", "faults": [{"kind": "spike", "rate": 1.0}]}' "$url/_sim/profile" >/dev/null
"$bin" --base-url "$url" --screenshot docs/screenshot-suspect.png --after 5
