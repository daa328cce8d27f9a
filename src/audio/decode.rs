//! Sound files (WAV, OGG, FLAC) decoded up front into mono samples at the output's rate.
//!
//! A file is decoded once, before the session, never while it plays: a decoder that stalls
//! or fails mid-session would cost a cue its moment. Mixing the decoded samples through the
//! scheduler also keeps file sounds on the same exact timing as the built-in ones.

use std::path::Path;

use rodio::{Decoder, Source};

/// The longest stretch of a file that is kept: a cue is a moment, not a song.
const LONGEST_SECONDS: u32 = 20;
/// The loudest a file sound may be, like the built-in sounds, so overlaps never clip.
const PEAK: f32 = 0.5;

/// Checks that a routine's sound file exists and decodes to at least one sample.
/// The message says what is wrong, in words for a trainer.
pub fn check_sound_file(path: &Path) -> Result<(), String> {
    decode_file(path, 48_000).map(|_| ())
}

/// Decodes a file, mixes it down to mono and resamples it to `rate`.
pub fn decode_file(path: &Path, rate: u32) -> Result<Vec<f32>, String> {
    // A regular file of bounded size, opened without blocking: never a FIFO or a device.
    let (file, _) =
        crate::files::open(path, crate::files::Kind::Sound).map_err(|err| err.to_string())?;
    let decoder = Decoder::try_from(file).map_err(|err| {
        format!("the sound file is not a WAV, OGG or FLAC file I can decode ({err})")
    })?;
    let channels = usize::from(decoder.channels().get());
    let from_rate = decoder.sample_rate().get();
    let limit = LONGEST_SECONDS as usize * from_rate as usize * channels;
    let interleaved: Vec<f32> = decoder.take(limit).collect();
    if interleaved.len() < channels.max(2) {
        return Err("it holds no sound".to_string());
    }
    let mono = mix_down(&interleaved, channels);
    Ok(tidy(resample(&mono, from_rate, rate), rate))
}

/// Decodes WAV bytes held in memory (speech rendered by a speech engine).
pub fn decode_wav_bytes(bytes: Vec<u8>, rate: u32) -> Result<Vec<f32>, String> {
    let decoder = Decoder::new_wav(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let channels = usize::from(decoder.channels().get());
    let from_rate = decoder.sample_rate().get();
    let interleaved: Vec<f32> = decoder.collect();
    if interleaved.is_empty() {
        return Err("no sound".to_string());
    }
    Ok(tidy(
        resample(&mix_down(&interleaved, channels), from_rate, rate),
        rate,
    ))
}

fn mix_down(interleaved: &[f32], channels: usize) -> Vec<f32> {
    let channels = channels.max(1);
    interleaved
        .chunks(channels)
        .map(|frame| frame.iter().sum::<f32>() / frame.len() as f32)
        .collect()
}

/// Linear-interpolation resampling: plenty for cue sounds, and no filter state to carry.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.len() < 2 || from == 0 || to == 0 {
        return samples.to_vec();
    }
    let out_len = (samples.len() as u64 * u64::from(to) / u64::from(from)).max(2) as usize;
    let step = f64::from(from) / f64::from(to);
    (0..out_len)
        .map(|i| {
            let pos = i as f64 * step;
            let k = pos.floor() as usize;
            let frac = (pos - k as f64) as f32;
            let a = samples.get(k).copied().unwrap_or(0.0);
            let b = samples.get(k + 1).copied().unwrap_or(a);
            a + (b - a) * frac
        })
        .collect()
}

/// Caps the peak and closes the edges with 2 ms fades, so a file behaves like a built-in sound.
fn tidy(mut samples: Vec<f32>, rate: u32) -> Vec<f32> {
    let loudest = samples.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if loudest > PEAK {
        let gain = PEAK / loudest;
        samples.iter_mut().for_each(|v| *v *= gain);
    }
    let n = samples.len();
    let fade = (rate as usize / 500).min(n / 2).max(1);
    for i in 0..fade.min(n) {
        let w = i as f32 / fade as f32;
        samples[i] *= w;
        samples[n - 1 - i] *= w;
    }
    samples
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A 16-bit PCM WAV file, written by hand.
    fn wav(rate: u32, channels: u16, frames: &[i16]) -> Vec<u8> {
        let data_len = (frames.len() * 2) as u32;
        let mut b = Vec::new();
        b.extend(b"RIFF");
        b.extend((36 + data_len).to_le_bytes());
        b.extend(b"WAVEfmt ");
        b.extend(16u32.to_le_bytes());
        b.extend(1u16.to_le_bytes());
        b.extend(channels.to_le_bytes());
        b.extend(rate.to_le_bytes());
        b.extend((rate * u32::from(channels) * 2).to_le_bytes());
        b.extend((channels * 2).to_le_bytes());
        b.extend(16u16.to_le_bytes());
        b.extend(b"data");
        b.extend(data_len.to_le_bytes());
        for s in frames {
            b.extend(s.to_le_bytes());
        }
        b
    }

    #[test]
    fn a_stereo_wav_is_decoded_to_mono_at_the_output_rate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gong.wav");
        // 0.5 s of stereo at 24 kHz: left loud, right silent.
        let frames: Vec<i16> = (0..12_000)
            .flat_map(|i| [((i % 50) * 300) as i16, 0])
            .collect();
        std::fs::write(&path, wav(24_000, 2, &frames)).unwrap();
        let mono = decode_file(&path, 48_000).unwrap();
        assert!((mono.len() as i64 - 24_000).abs() <= 1, "{}", mono.len());
        assert_eq!(mono[0], 0.0);
        assert_eq!(mono[mono.len() - 1], 0.0);
        assert!(mono.iter().all(|v| v.abs() <= 0.5));
        assert!(mono.iter().any(|v| v.abs() > 0.1));
        assert_eq!(check_sound_file(&path), Ok(()));
    }

    #[test]
    fn a_missing_or_broken_file_is_reported_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let missing = check_sound_file(&dir.path().join("nope.ogg")).unwrap_err();
        assert_eq!(missing, "no such file");
        let broken = dir.path().join("broken.ogg");
        std::fs::write(&broken, b"OggS but not really a vorbis stream").unwrap();
        let err = check_sound_file(&broken).unwrap_err();
        assert!(
            err.starts_with("the sound file is not a WAV, OGG or FLAC file"),
            "{err}"
        );
        let empty = dir.path().join("empty.wav");
        std::fs::write(&empty, wav(48_000, 1, &[])).unwrap();
        assert!(check_sound_file(&empty).is_err());
    }

    #[test]
    fn the_projects_ogg_and_flac_sounds_decode_to_real_sound() {
        // A Vorbis stream handed straight to a mixer can play silence; decoded up front it
        // must come out as the sound that was encoded.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sounds");
        for (file, seconds) in [("gong.ogg", 2.2f32), ("chime.flac", 0.7)] {
            let path = dir.join(file);
            assert_eq!(check_sound_file(&path), Ok(()), "{file}");
            let s = decode_file(&path, 48_000).unwrap();
            let length = s.len() as f32 / 48_000.0;
            assert!((length - seconds).abs() < 0.05, "{file}: {length} s");
            let peak = s.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            assert!((0.3..=0.5).contains(&peak), "{file}: peak {peak}");
            let loud = s.iter().filter(|v| v.abs() > 0.01).count();
            assert!(loud > s.len() / 4, "{file}: mostly silent");
        }
    }

    #[test]
    fn resampling_keeps_the_duration() {
        let s: Vec<f32> = (0..44_100).map(|i| (i as f32 * 0.01).sin()).collect();
        assert_eq!(resample(&s, 44_100, 48_000).len(), 48_000);
        assert_eq!(resample(&s, 44_100, 44_100), s);
    }
}
