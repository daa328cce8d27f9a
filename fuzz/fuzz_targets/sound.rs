//! Arbitrary bytes as a sound file (WAV, OGG, FLAC, or none of these), through the very path
//! `unknot check` and the player decode a routine's sounds by: it must never panic, never hang,
//! and whatever it decodes must be finite and within half of full scale.

#![no_main]

use libfuzzer_sys::fuzz_target;
use unknot::audio::decode::decode_bytes;

fuzz_target!(|data: &[u8]| {
    match decode_bytes(data.to_vec(), 48_000) {
        Ok(samples) => {
            assert!(!samples.is_empty());
            assert!(samples.iter().all(|v| v.is_finite() && v.abs() <= 0.5));
        }
        Err(why) => assert!(!why.is_empty()),
    }
});
