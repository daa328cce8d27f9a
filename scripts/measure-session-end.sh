#!/usr/bin/env bash
# How exactly does a session end on time? Plays a routine headless at speed 1 (by default the
# ten-minute benches/session-end-10min.toml), stamps every JSON line with the real time it
# arrived, and reports how far the `done` event lands from the planned total, in real time,
# plus the latest any event arrived after its planned instant.
#
#   scripts/measure-session-end.sh [ROUTINE]
#
# UNKNOT=path/to/unknot uses that binary instead of building a release one.
# Needs bash 5 (EPOCHREALTIME: stamps without starting a process per line), jq and awk.
set -euo pipefail

cd "$(dirname "$0")/.."
routine=${1:-benches/session-end-10min.toml}
bin=${UNKNOT:-}
if [[ -z $bin ]]; then
    cargo build --release --quiet --bin unknot
    bin=target/release/unknot
fi

planned=$("$bin" plan "$routine" --json | jq -r '.total_seconds')
echo "routine: $routine (planned $planned s); playing it at speed 1..." >&2

stamped=$(mktemp)
# A measurement is not a session of the runner's: it keeps its history and settings apart.
home=$(mktemp -d)
trap 'rm -rf "$stamped" "$home"' EXIT
XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data \
"$bin" play "$routine" --headless --speed 1 --mute | while IFS= read -r line; do
    printf '%s %s\n' "$EPOCHREALTIME" "$line"
done >"$stamped"

# Each line: real arrival (s), then the event's JSON. The first event (t = 0) is the reference,
# so the process's start-up is not counted.
jq -R -r 'capture("^(?<real>[0-9.]+) (?<json>.*)$") | [.real, (.json | fromjson | .t, .event)] | @tsv' \
    "$stamped" | awk -v planned="$planned" '
    NR == 1 { origin = $1 - $2 }
    {
        late = ($1 - origin) - $2
        if (late > worst) { worst = late; worst_event = $3 " at t=" $2 }
        sum += late; n++
        if ($3 == "done") { done_real = $1 - origin; done_t = $2 }
    }
    END {
        if (done_real == "") { print "no done event"; exit 1 }
        printf "events: %d\n", n
        printf "planned total: %.3f s; done event says t=%.3f s\n", planned, done_t
        printf "done arrived after %.3f s of real time: %+.1f ms from the planned total\n", \
            done_real, (done_real - planned) * 1000
        printf "events arrive after their planned instant by %.2f ms on average, %.2f ms at worst (%s)\n", \
            sum / n * 1000, worst * 1000, worst_event
    }'
