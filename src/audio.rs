//! Sound: distinct cue sounds, placed in the output stream at the exact sample their instant
//! calls for, spoken cues, and a quiet fallback when there is no sound device.
//!
//! [`AudioOutput`] is what the player uses; [`check_sound_file`] is what `unknot check` uses
//! for the files a routine's `[sounds]` names.

pub mod analysis;
pub mod bank;
mod contain;
pub mod decode;
pub mod device;
pub mod header;
mod lengths;
pub mod output;
mod pulse;
pub mod quiet;
pub mod scheduler;
pub mod sink;
pub mod synth;
pub mod voice;

pub use decode::check_sound_file;
pub use output::{AudioOptions, AudioOutput, NoSound};
pub use sink::SoundSink;
