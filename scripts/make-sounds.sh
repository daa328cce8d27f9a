#!/usr/bin/env bash
# Regenerates assets/sounds/: every cue sound and built-in sound as WAV (from the same code
# the player synthesizes them with), plus an OGG Vorbis and a FLAC copy of two of them, used
# to check that compressed files decode to real sound. Needs sox for the OGG and FLAC.
# See docs/sounds.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --example make_sounds -- assets/sounds
if command -v sox >/dev/null; then
  sox assets/sounds/gong.wav -C 3 assets/sounds/gong.ogg
  sox assets/sounds/chime.wav assets/sounds/chime.flac
  echo assets/sounds/gong.ogg
  echo assets/sounds/chime.flac
else
  echo "sox is not installed: the OGG and FLAC copies were left as they are" >&2
fi
