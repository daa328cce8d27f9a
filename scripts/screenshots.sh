#!/usr/bin/env bash
# Screenshots of the player for the docs, from the real binary in a real terminal.
#
# Plays a small routine in a private tmux server at 80×24 and at 160×50, captures a part of
# work (circles, with the side and the direction) and the side-switch transition with
# `tmux capture-pane -e -p`, and renders each pair side by side to
# docs/screenshots/player-WxH.png with scripts/ansi_to_png.py.
#
# Needs, on Debian or Ubuntu: apt-get install tmux python3 python3-pil fonts-dejavu-core
# (or Pillow from PyPI: pip install pillow). Run from the repository: scripts/screenshots.sh
set -euo pipefail

cd "$(dirname "$0")/.."
for tool in tmux python3; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is not installed" >&2; exit 1; }
done
python3 -c 'import PIL' 2>/dev/null || {
    echo "screenshots: Pillow is not installed (python3-pil, or pip install pillow)" >&2
    exit 1
}

cargo build --quiet --locked
bin="$PWD/target/debug/unknot"
out="$PWD/docs/screenshots"
mkdir -p "$out"
work=$(mktemp -d)
socket="unknot-screenshots-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

cat >"$work/glutes.toml" <<'TOML'
format = 1

[routine]
name = "Glutes — lacrosse ball"
caution = "Stop at sharp pain, numbness or tingling."

[settings]
lead_in = "0s"
transition = "20s"

[[step]]
kind = "circles"
name = "Glute circles"
side = "both"
duration = "60s"
reverse_every = "15s"
instructions = "Sit on the ball, just behind the hip bone. Small slow circles; lean onto the side you work."
TOML

# Sends keys, then waits for the screen to settle (a cue's flash lasts 0.4 s).
keys() { tmux -L "$socket" send-keys -t shot "$@"; sleep 1.5; }
capture() { tmux -L "$socket" capture-pane -e -p -t shot >"$1"; }

for size in 80x24 160x50; do
    cols=${size%x*}
    rows=${size#*x}
    tmux -L "$socket" kill-server 2>/dev/null || true
    # An isolated home: no settings, no history written anywhere real.
    tmux -L "$socket" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" \
        "env HOME=$work XDG_CONFIG_HOME=$work XDG_DATA_HOME=$work XDG_STATE_HOME=$work \
         XDG_CACHE_HOME=$work TERM=xterm-256color $bin play $work/glutes.toml --mute"
    tmux -L "$socket" set-option -t shot status off >/dev/null
    sleep 1.5
    keys Enter          # start: the first side's circles
    sleep 6             # a few seconds in, away from the start's flash
    capture "$work/work-$size.ans"
    keys n              # skip to the side switch
    capture "$work/transition-$size.ans"
    keys C-c
    python3 scripts/ansi_to_png.py "$out/player-$size.png" "$cols" "$rows" \
        "$work/work-$size.ans" "$work/transition-$size.ans"
    echo "wrote docs/screenshots/player-$size.png"
done
