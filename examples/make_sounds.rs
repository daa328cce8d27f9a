//! Writes every cue sound and built-in sound of unknot as a WAV file, for trainers to listen
//! to and to start their own `[sounds]` from. Run by scripts/make-sounds.sh.
//!
//!   cargo run --example make_sounds -- assets/sounds

use std::path::PathBuf;

use unknot::audio::synth::{builtin_sound, cue_sound};
use unknot::routine::{BuiltinSound, SoundCue};

const RATE: u32 = 22_050;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "assets/sounds".into()),
    );
    std::fs::create_dir_all(&dir)?;
    for cue in SoundCue::ALL {
        let path = dir.join(format!("cue-{}.wav", cue.key().replace('_', "-")));
        std::fs::write(&path, wav(&cue_sound(cue, RATE)))?;
        println!("{}", path.display());
    }
    for sound in BuiltinSound::ALL {
        if sound == BuiltinSound::None {
            continue;
        }
        let path = dir.join(format!("{}.wav", sound.name()));
        std::fs::write(&path, wav(&builtin_sound(sound, RATE)))?;
        println!("{}", path.display());
    }
    Ok(())
}

/// 16-bit PCM mono WAV.
fn wav(samples: &[f32]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut b = Vec::with_capacity(44 + samples.len() * 2);
    b.extend(b"RIFF");
    b.extend((36 + data_len).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend(1u16.to_le_bytes()); // PCM
    b.extend(1u16.to_le_bytes()); // mono
    b.extend(RATE.to_le_bytes());
    b.extend((RATE * 2).to_le_bytes());
    b.extend(2u16.to_le_bytes());
    b.extend(16u16.to_le_bytes());
    b.extend(b"data");
    b.extend(data_len.to_le_bytes());
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        b.extend(v.to_le_bytes());
    }
    b
}
