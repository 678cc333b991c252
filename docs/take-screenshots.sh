#!/usr/bin/env bash
# Takes every picture in docs/USER-GUIDE.md (and the README's) from the real app, on the offscreen platform,
# with a throw-away HOME so no user data, settings or API key is read or shown.
#
#   docs/take-screenshots.sh [BINARY]     (default: build/release/app/oilwatch; build it first with ./dev.sh)
#
# Each picture is the window after some seconds of live updates against the built-in simulator or an
# `oilwatch sim` with a fault profile; look at every one after a run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/release/app/oilwatch}")
out=$(pwd)/docs
[ -x "$bin" ] || { echo "take-screenshots.sh: no binary at $bin (run ./dev.sh test first)" >&2; exit 1; }

home=$(mktemp -d)
sims=()
cleanup() {
    for pid in "${sims[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$home"
}
trap cleanup EXIT
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache
export XDG_RUNTIME_DIR=$home/runtime QT_QPA_PLATFORM=offscreen OILPRICEAPI_KEY= OILWATCH_CACHE_URL= OILWATCH_NO_KEYCHAIN=1
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# start_sim NAME ARGS...: runs `oilwatch sim` on a free port; sets $url to its base URL.
start_sim() {
    local log=$home/$1.log
    shift
    "$bin" sim --port 0 "$@" >"$log" 2>&1 &
    sims+=($!)
    for _ in $(seq 50); do
        grep -q '^listening on' "$log" && break
        sleep 0.1
    done
    url="http://$(sed -n 's/^listening on //p' "$log")"
}

shot() { # shot FILE SECONDS ARGS...
    local file=$1 after=$2
    shift 2
    "$bin" "$@" --screenshot "$out/$file" --after "$after"
    echo "wrote docs/$file"
}

# The first thing a new user sees: the dashboard on the built-in simulator.
shot screenshot.png 6 --demo
# The benchmark tab, before a run.
shot screenshot-benchmark.png 2 --demo --view benchmark
# look.theme = dark, as Preferences or `oilwatch config set look.theme dark` saves it.
"$bin" config set look.theme dark
shot screenshot-dark.png 6 --demo
"$bin" config unset look.theme

# A server that goes away: the tiles keep their last values, marked stale with their age.
start_sim stale
( sleep 5; kill "${sims[-1]}" ) &
shot screenshot-stale.png 12 --base-url "$url"

# An outage: the breaker opens, and the Resilience tab shows why.
start_sim outage --faults outage
shot screenshot-breaker-open.png 14 --base-url "$url" --view resilience

# Bad data: healthy answers first (the last good values), then every answer a spike of ten times the price:
# each tile is SUSPECT and keeps its last good value.
start_sim suspect --seed 7
"$bin" fetch BRENT_CRUDE_USD WTI_USD NATURAL_GAS_USD DUTCH_TTF_EUR GASOLINE_USD --base-url "$url" >/dev/null
curl -sf -X POST -H 'Content-Type: application/json' \
    --data '{"name": "spikes", "faults": [{"kind": "spike", "rate": 1.0}]}' "$url/_sim/profile" >/dev/null
shot screenshot-suspect.png 5 --base-url "$url"

# Alerts: two rules on the demo's prices, one of them firing at once.
rules=$XDG_CONFIG_HOME/OilWatch/OilWatch/alert-rules.json
mkdir -p "$(dirname "$rules")"
cat >"$rules" <<'JSON'
{"version":1,"rules":[
 {"id":"brent-high","name":"Brent above $74","code":"BRENT_CRUDE_USD","kind":"above","threshold":74,
  "pending_ms":0,"hysteresis":0.5,"cooldown_ms":300000},
 {"id":"wti-low","name":"WTI below $66","code":"WTI_USD","kind":"below","threshold":66,"pending_ms":60000},
 {"id":"brent-stale","name":"Brent older than 5 min","code":"BRENT_CRUDE_USD","kind":"stale","threshold":300}]}
JSON
shot screenshot-alerts.png 5 --demo --view alerts
shot screenshot-alert-thresholds.png 5 --demo
rm -f "$rules"

# The rules editor and the history table alone, as their tests build them (tests/ui/tst_alertruleseditor,
# tst_alerthistoryview): a rule of each kind in the editor, transitions of every state in the table. The
# Export dialog (tests/ui/tst_exportdialog) on a history of two codes, minute bars in the long form.
tests=$(dirname "$bin")/../tests/ui
for t in tst_alertruleseditor tst_alerthistoryview tst_mainmenus tst_exportdialog; do
    OILWATCH_SCREENSHOT_DIR=$out "$tests/$t" >/dev/null
done
echo "wrote docs/screenshot-alert-rules.png docs/screenshot-alert-rules-above.png docs/screenshot-alert-history.png"
echo "wrote docs/screenshot-menus.png docs/screenshot-export.png"

# Tools → Preferences, each page, as its test fills it (tests/ui/tst_preferencesdialog): a connection test with
# the plan's quota, a Redis test, and the choice shown when no keychain works.
OILWATCH_SCREENSHOT_DIR=$out "$tests/tst_preferencesdialog" screenshots noKeychainOffersTheEnvironmentOrTheSession >/dev/null
echo "wrote docs/screenshot-preferences-{connection,polling,look,resilience,no-keychain}.png"

# The watchlist: twelve tiles, the table view with sparklines, and the catalogue picker, as their tests draw
# them (tests/ui/tst_watchlistboard, tst_watchlistdialog).
OILWATCH_SCREENSHOT_DIR=$out "$tests/tst_watchlistboard" theTableViewShowsARowPerCodeWithASparkline \
    theBoardForTheUserGuide >/dev/null
OILWATCH_SCREENSHOT_DIR=$out "$tests/tst_watchlistdialog" thePickerForTheUserGuide >/dev/null
# Without a key: the public demo's prices (a simulator stands in for the real server), as tst_dashboard runs it.
OILWATCH_SCREENSHOT_DIR=$out "$tests/../app/tst_dashboard" withNoKeyTheDashboardShowsTheDemosPrices >/dev/null
echo "wrote docs/screenshot-watchlist-board.png docs/screenshot-watchlist-table.png docs/screenshot-watchlist-picker.png" \
    "docs/screenshot-demo-limited.png"

# The chart tab after its 1W preset loaded a week from the simulator, with the crosshair (tst_historychartview).
OILWATCH_SCREENSHOT_DIR=$out "$tests/tst_historychartview" aPresetLoadsAndBackfillsTheRangeWithProgress >/dev/null
echo "wrote docs/screenshot-chart-history.png"

# Help → About, as its test draws it.
OILWATCH_ABOUT_SCREENSHOT=$out/screenshot-about.png "$tests/tst_aboutdialog" drawsTheIcon >/dev/null
echo "wrote docs/screenshot-about.png"
