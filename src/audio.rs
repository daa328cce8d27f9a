//! Sound: distinct cue sounds, placed in the output stream at the exact sample their instant
//! calls for, spoken cues, and a quiet fallback when there is no sound device.

pub mod analysis;
pub mod scheduler;
pub mod synth;
