#!/usr/bin/env bash
# How exactly unknot's cues land on a real, clocked sound output, and what sound costs.
#
# Plays a two-minute routine (reps, ticks, sides, circles, a hold range) headless into a
# PulseAudio null sink (scripts/virtual-audio.sh), records the sink, finds every onset and
# prints: onset error against each cue's event (median, worst; aligned on the first cue),
# click jitter (how much the spacing of consecutive rep clicks strays from the tempo), and
# the CPU the whole session used. Then it plays a routine that sounds from its very first
# instant, headless and full-screen (in tmux, Enter pressed after the intro has been up a
# while), and prints each cue's onset error against the other cues: the first cue must be as
# on time as the rest, the device ready before the session's clock starts.
# The figures go in docs/performance.md, "## Sound".
#
#   scripts/measure-audio.sh            # release build
#   PROFILE=dev scripts/measure-audio.sh
#   FULL=1 scripts/measure-audio.sh     # also a whole built-in routine's CPU (15 more minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
flags=()
[ "$profile" = release ] && flags=(--release)
tests=(measure_two_minutes measure_cpu_of_a_quiet_session measure_the_first_cue_headless_and_on_screen)
[ -n "${FULL:-}" ] && tests+=(measure_full_cpu_of_a_built_in_routine)
cargo test "${flags[@]}" --test audio_e2e -- --ignored --nocapture --test-threads=1 "${tests[@]}" 2>&1 \
  | grep -oE '(drift of|cues expected|onset error|click jitter|cpu|headless: first|screen: first|test result).*'
