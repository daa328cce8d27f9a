#!/usr/bin/env bash
# How exactly unknot's cues land on a real, clocked sound output, and what sound costs.
#
# Plays a two-minute routine (reps, ticks, sides, circles, a hold range) headless into a
# PulseAudio null sink (scripts/virtual-audio.sh, a server of the test's own), records the
# sink, finds every onset and prints: onset error against each cue's event (median, worst;
# aligned on the first cue), click jitter (how much the spacing of consecutive rep clicks
# strays from the tempo), and the CPU the whole session used. Then it plays a routine that
# sounds from its very first instant, headless and full-screen (in tmux, Enter pressed after
# the intro has been up a while), and prints each cue's onset error against the other cues;
# a spoken countdown (espeak-ng, English and German) and how far each number starts from its
# tick; and a stretch of rep clicks, one a second, with the CPU (% of one core), the wake-ups
# a second (context switches of all threads), the peak memory (VmHWM) and, for pauses pressed
# through the media controls on a private D-Bus just before a click, the time from the pause
# to the last sound at the sink.
# Sound goes the default way (straight to the test's sound server; `sound_output = "alsa"` in a
# test's settings would measure the ALSA way). The figures go in docs/performance.md, "## Sound".
#
# The long measurements (two minutes and more) run only with UNKNOT_MEASURE_LONG set, which
# this script sets; `cargo test -- --ignored` alone (CI's measurement run) skips them.
#
#   scripts/measure-audio.sh            # release build, about seven minutes
#   PROFILE=dev scripts/measure-audio.sh
#   FULL=1 scripts/measure-audio.sh     # also a whole built-in routine's CPU (15 more minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
flags=()
[ "$profile" = release ] && flags=(--release)
tests=(measure_two_minutes measure_cpu_of_a_quiet_session measure_the_first_cue_headless_and_on_screen
  measure_every_cue_within_20_ms_of_its_event measure_the_spoken_countdown_on_the_tick_instants
  measure_a_click_a_second_and_pause_to_silence)
[ -n "${FULL:-}" ] && tests+=(measure_full_cpu_of_a_built_in_routine)
# The sound tests are the module audio_e2e of the one integration-test binary, e2e.
tests=("${tests[@]/#/audio_e2e::}")
export UNKNOT_MEASURE_LONG=1
cargo test "${flags[@]}" --locked --test e2e -- --ignored --nocapture --test-threads=1 "${tests[@]}" 2>&1 \
  | grep -oE '(drift of|cues expected|onset error|click jitter|cpu|headless: first|screen: first|short routine|spoken countdown|pause |clicks one|memory|the recorder|test result).*'
