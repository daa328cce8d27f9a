#!/usr/bin/env bash
# How fast does a session at the bounds of the format end on SIGTERM? Plays a routine at the
# limits (circles reversing every half second for two hours, then 9,980 half-second parts:
# 9,982 segments, about 64,000 cues) headless at speed 100, sends SIGTERM once it is well under
# way, and reports how long the process took to exit, over several runs. The target is 200 ms.
#
#   scripts/measure-signal-at-limits.sh [RUNS]
#
# UNKNOT=path/to/unknot uses that binary instead of building a release one.
# Needs bash 5 (EPOCHREALTIME).
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${1:-10}
bin=${UNKNOT:-}
if [[ -z $bin ]]; then
    cargo build --release --quiet --bin unknot
    bin=target/release/unknot
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
routine=$home/limits.toml
{
    printf 'format = 1\n[routine]\nname = "At the limits"\n[settings]\nlead_in = "0.5s"\n'
    printf 'transition = "0s"\n[[step]]\nkind = "circles"\nname = "Circles"\nduration = "2h"\n'
    printf 'reverse_every = "0.5s"\n'
    for i in $(seq 1 499); do
        printf '[[step]]\nkind = "timed"\nname = "Sweep %d"\nside = "both"\nspots = 10\nduration = "0.5s"\n' "$i"
    done
} >"$routine"
export XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state
"$bin" check "$routine" >&2

worst=0
total=0
for run in $(seq 1 "$runs"); do
    "$bin" play "$routine" --headless --mute --speed 100 >/dev/null &
    pid=$!
    sleep 1.5
    sent=$EPOCHREALTIME
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    took=$(awk -v a="$sent" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
    echo "run $run: exit $status after ${took} ms" >&2
    total=$(awk -v t="$total" -v x="$took" 'BEGIN { print t + x }')
    worst=$(awk -v w="$worst" -v x="$took" 'BEGIN { print (x > w) ? x : w }')
done
awk -v t="$total" -v n="$runs" -v w="$worst" \
    'BEGIN { printf "SIGTERM to exit: %.1f ms on average, %.1f ms at worst, over %d runs (target 200 ms)\n", t / n, w, n }'
