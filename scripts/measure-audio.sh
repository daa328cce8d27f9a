#!/usr/bin/env bash
# How exactly unknot's cues land on a real, clocked sound output, and what sound costs.
#
# Plays a two-minute routine (reps, ticks, sides, circles, a hold range) headless into a
# PulseAudio null sink (scripts/virtual-audio.sh), records the sink, finds every onset and
# prints: onset error against each cue's event (median, worst; aligned on the first cue),
# click jitter (how much the spacing of consecutive rep clicks strays from the tempo), and
# the CPU the whole session used. The figures go in docs/performance.md, "## Sound".
#
#   scripts/measure-audio.sh            # release build
#   PROFILE=dev scripts/measure-audio.sh
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
flags=()
[ "$profile" = release ] && flags=(--release)
cargo test "${flags[@]}" --test audio_e2e measure_ -- --ignored --nocapture --test-threads=1 2>&1 \
  | grep -oE '(drift of|cues expected|onset error|click jitter|cpu|test result).*'
