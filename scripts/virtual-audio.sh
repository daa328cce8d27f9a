#!/usr/bin/env bash
# A real, clocked sound output on a machine without a sound card, for testing audio end to end.
# Starts a PulseAudio server with a null sink "cap" (paced by the system clock, like real hardware);
# ALSA's default device then routes to it, so any ALSA/cpal/rodio program plays into it, and
# `parec -d cap.monitor` records exactly what was played.
#
#   eval "$(scripts/virtual-audio.sh start)"   # starts, exports env (installs nothing)
#   parec -d cap.monitor --format=s16le --rate=48000 --channels=1 > out.raw   # record
#   scripts/virtual-audio.sh stop
set -euo pipefail
dir=${VIRTUAL_AUDIO_DIR:-${TMPDIR:-/tmp}/virtual-audio}
case "${1:-}" in
start)
  if ! command -v pulseaudio >/dev/null || ! command -v parec >/dev/null \
     || [ ! -e /usr/share/alsa/alsa.conf.d/pulse.conf ]; then
    echo "virtual-audio: needs pulseaudio, pulseaudio-utils and libasound2-plugins" \
      "(.ci/run installs them: apt-get install pulseaudio pulseaudio-utils libasound2-plugins)" >&2
    exit 1
  fi
  mkdir -p "$dir/run"
  export XDG_RUNTIME_DIR=$dir/run HOME=$dir
  if ! pactl info >/dev/null 2>&1; then
    cat > "$dir/default.pa" <<'PA'
load-module module-native-protocol-unix
load-module module-null-sink sink_name=cap rate=48000
set-default-sink cap
PA
    pulseaudio -n -F "$dir/default.pa" --exit-idle-time=-1 --daemonize=yes \
      --log-target="file:$dir/pulseaudio.log" >&2
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
    # a silent stream keeps the sink running, so recordings have a steady clock
    setsid pacat --playback --format=s16le --rate=48000 --channels=1 /dev/zero \
      >/dev/null 2>&1 < /dev/null & echo $! > "$dir/pacat.pid"
  fi
  echo "export XDG_RUNTIME_DIR=$dir/run PULSE_SERVER=unix:$dir/run/pulse/native"
  ;;
stop)
  export XDG_RUNTIME_DIR=$dir/run HOME=$dir
  [ -f "$dir/pacat.pid" ] && kill "$(cat "$dir/pacat.pid")" 2>/dev/null || true
  pulseaudio --kill 2>/dev/null || true
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
