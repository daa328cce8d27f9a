#!/usr/bin/env bash
# Measures unknot's player against termdown and clock-tui (tclock), one after the other, on
# this machine, in the same 80×24 tmux terminal:
#
#   CPU        share of one core while counting down (muted), from utime+stime in
#              /proc/PID/stat over the window (and on-CPU nanoseconds from schedstat, finer)
#   wake-ups   per second: voluntary + nonvoluntary context switches summed over every thread
#              (/proc/PID/task/*/status) over the window
#   memory     peak resident set (VmHWM) at the end of the window
#   first      milliseconds from starting the program to its first frame on screen
#   0:00       milliseconds between the instant a 10 s countdown is due to end and the moment
#              its end shows (see scripts/measure_tui_pty.py for how each program is read)
#
# Usage: scripts/measure-tui.sh [WINDOW_SECONDS]     (default 60)
# Needs tmux, python3 with pyte (installed with pip when missing), termdown
# (`pip install termdown`) and tclock (`cargo install clock-tui`). UNKNOT may name the binary
# to measure; by default a release build of this tree is made and used.
set -euo pipefail

window=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
pty_timing="$here/measure_tui_pty.py"

for tool in tmux python3 termdown tclock; do
    command -v "$tool" >/dev/null || { echo "measure-tui: $tool is needed" >&2; exit 2; }
done
python3 -c 'import pyte' 2>/dev/null || pip install --quiet pyte

if [[ -z "${UNKNOT:-}" ]]; then
    (cd "$root" && cargo build --release --quiet --bin unknot)
    UNKNOT="${CARGO_TARGET_DIR:-$root/target}/release/unknot"
fi

work=$(mktemp -d)
socket="unknot-measure-$$"
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# History and settings of the measured sessions stay in the scratch directory.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"

cat >"$work/long.toml" <<'EOF'
format = 1
[routine]
name = "Long countdown"
[settings]
lead_in = "0s"
[[step]]
kind = "timed"
name = "Count down"
duration = "10m"
EOF
cat >"$work/ten.toml" <<'EOF'
format = 1
[routine]
name = "Ten seconds"
[settings]
lead_in = "0s"
[[step]]
kind = "timed"
name = "Count down"
duration = "10s"
EOF

clk_tck=$(getconf CLK_TCK)

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

cpu_ns() {
    local total=0 run rest
    for stat in /proc/"$1"/task/*/schedstat; do
        read -r run rest <"$stat" || continue
        total=$((total + run))
    done
    echo "$total"
}

switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n }'; }

peak_kb() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }

median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m }'; }

tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 -s measure -n idle "sleep 100000"

# Runs "$2..." in a new 80×24 window named $1 and prints its process id.
start_in_tmux() {
    local name=$1
    shift
    tmux -L "$socket" new-window -d -t measure -n "$name" "exec $*"
    sleep 0.5
    tmux -L "$socket" display-message -p -t "measure:$name" '#{pane_pid}'
}

# Samples a running program over the window: CPU %, CPU % from schedstat, wake-ups/s, VmHWM (MB).
sample() {
    local pid=$1 t0 n0 s0 t1 n1 s1
    t0=$(ticks "$pid"); n0=$(cpu_ns "$pid"); s0=$(switches "$pid")
    sleep "$window"
    t1=$(ticks "$pid"); n1=$(cpu_ns "$pid"); s1=$(switches "$pid")
    awk -v dt=$((t1 - t0)) -v dn=$((n1 - n0)) -v ds=$((s1 - s0)) -v w="$window" \
        -v hz="$clk_tck" -v kb="$(peak_kb "$pid")" \
        'BEGIN { printf "%.3f %.4f %.2f %.1f\n", 100 * dt / hz / w, 100 * dn / 1e9 / w, ds / w, kb / 1024 }'
}

declare -A cpu sched wakes peak first late

echo "measure-tui: sampling each program for ${window}s while it counts down…" >&2

pid=$(start_in_tmux unknot "$UNKNOT" play "$work/long.toml" --mute)
tmux -L "$socket" send-keys -t measure:unknot Enter
sleep 2
read -r cpu[unknot] sched[unknot] wakes[unknot] peak[unknot] < <(sample "$pid")
tmux -L "$socket" kill-window -t measure:unknot

pid=$(start_in_tmux termdown termdown 10m)
sleep 2
read -r cpu[termdown] sched[termdown] wakes[termdown] peak[termdown] < <(sample "$pid")
tmux -L "$socket" kill-window -t measure:termdown

pid=$(start_in_tmux tclock tclock timer -d 10m)
sleep 2
read -r cpu[tclock] sched[tclock] wakes[tclock] peak[tclock] < <(sample "$pid")
tmux -L "$socket" kill-window -t measure:tclock

echo "measure-tui: time to the first frame (median of 7)…" >&2
first[unknot]=$(python3 "$pty_timing" first-frame --runs 7 --marker "Enter to start" -- \
    "$UNKNOT" play "$work/long.toml" --mute | median)
first[termdown]=$(python3 "$pty_timing" first-frame --runs 7 -- termdown 10m | median)
first[tclock]=$(python3 "$pty_timing" first-frame --runs 7 -- tclock timer -d 10m | median)

echo "measure-tui: when a 10 s countdown shows its end (median of 3)…" >&2
late[unknot]=$(python3 "$pty_timing" deadline --runs 3 --after 10 --enter-on "Enter to start" \
    --marker "Session complete" -- "$UNKNOT" play "$work/ten.toml" --mute | median)
late[termdown]=$(python3 "$pty_timing" deadline --runs 3 --after 10 --exit -- \
    termdown --no-art -W -B 10 | median)
late[tclock]=$(for run in 1 2 3; do
    rm -f "$work/tclock-done"
    python3 "$pty_timing" deadline --after 10 --touched "$work/tclock-done" -- \
        tclock timer -d 10s -e touch "$work/tclock-done"
done | median)

echo "| program | CPU (% of a core) | CPU, schedstat | wake-ups/s | VmHWM (MB) | first frame (ms) | end shown after its instant (ms) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for program in unknot termdown tclock; do
    echo "| $program | ${cpu[$program]} | ${sched[$program]} | ${wakes[$program]} | ${peak[$program]} | ${first[$program]} | ${late[$program]} |"
done
