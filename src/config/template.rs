//! The commented settings file that `unknot config --init` writes.
//!
//! Every setting is shown commented out at its default, so the new file changes nothing until
//! the runner removes a `#` and edits the value.

pub const TEMPLATE: &str = r##"# unknot settings.
#
# Every setting is optional: remove the "# " in front of one to change it.
# `unknot config` shows the settings in effect and where each comes from.
# Flags on the command line (--mute, --voice, --first-side, --no-lead-in) win over this file.

# Sound volume, from 0 (silent) to 100.
# volume = 80

# No sound at all, as `unknot play --mute`.
# mute = false

# Speak step names and side changes (needs espeak-ng), as `unknot play --voice`.
# voice = false

# The voice: an espeak-ng voice such as "de+f3" (or your engine's own name for one).
# Leave it out to let each routine's language choose.
# voice_name = "en-us"

# How fast the voice speaks, in words per minute, from 80 to 450.
# voice_rate = 165

# Any speech engine that reads text on its standard input and writes a WAV on its
# standard output, as the program and its arguments (run directly, never by a shell).
# Leave it out for espeak-ng.
# voice_command = ["piper", "--model", "de_DE-thorsten-medium.onnx", "--output_file", "-"]

# Say "three, two, one" in the routine's language instead of the countdown's ticks.
# spoken_countdown = false

# What the voice announces: any of "steps", "sides", "spots", "halfway",
# "ten_seconds", "release", "done".
# voice_announce = ["steps", "sides", "spots", "halfway", "ten_seconds", "release", "done"]

# Frames per sound-device period, from 32 to 16384 (12000 when left out, a quarter of a
# second at 48 kHz). Cues land on their exact sample whatever it is, and a pause silences
# at once; longer periods wake the computer less often. Set a smaller one for a device
# that will not take long periods.
# buffer_frames = 12000

# The get-ready countdown before the first step, for every routine, such as "10s"
# or "0s" for none. Leave it out to keep each routine's own lead-in.
# lead_in = "10s"

# Which side two-sided steps start on: "left" or "right".
# Leave it out to keep each routine's own choice.
# first_side = "right"

# Colours on screen. The NO_COLOR environment variable turns them off whatever this says.
# colors = true

# Ring the terminal bell for cues when there is no sound device.
# bell_fallback = true

# Play every routine as with `unknot play --focus`: parts on spots you rated 4 or 5
# lately get more time; a routine may turn this off in its own settings.
# focus = false

# Ask "How do your legs feel?" (1 fresh … 5 very sore) before and after a session.
# check_in = true

# Sessions a week to aim for; `unknot history` shows how many weeks in a row reached it.
# weekly_target = 3

# Media keys, headphone buttons and desktop player controls (MPRIS) while a
# session plays. `unknot play --no-media-controls` turns them off once.
# media_controls = true

# Programs to run (no shell) as a session goes, with the event's JSON line on
# their standard input, go in a [hooks] section at the end: see docs/media-keys.md.
"##;
