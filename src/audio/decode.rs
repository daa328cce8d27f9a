//! Sound files (WAV, OGG, FLAC) decoded up front into mono samples at the output's rate.
//!
//! A file is decoded once, before the session, never while it plays: a decoder that stalls
//! or fails mid-session would cost a cue its moment. Mixing the decoded samples through the
//! scheduler also keeps file sounds on the same exact timing as the built-in ones.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use rodio::{Decoder, Source};

use super::contain::contain;
use super::header::{self, Shape};
use super::lengths;
use super::scheduler::PEAK;

/// The longest stretch of a file that is kept: a cue is a moment, not a song.
pub const LONGEST_SECONDS: u32 = 20;
/// How much of the start of a file is looked at for its header.
const HEAD_BYTES: u64 = 64 * 1024;

/// Checks that a routine's sound file exists and decodes to at least one sample.
/// The message says what is wrong, in words for a trainer.
pub fn check_sound_file(path: &Path) -> Result<(), String> {
    decode_file(path, 48_000).map(|_| ())
}

/// Decodes a file, mixes it down to mono and resamples it to `rate`.
pub fn decode_file(path: &Path, rate: u32) -> Result<Vec<f32>, String> {
    // A regular file of bounded size, read without blocking: never a FIFO or a device, and
    // never more than the limit even if the file grows while it is read.
    let bytes =
        crate::files::read(path, crate::files::Kind::Sound).map_err(|err| err.to_string())?;
    decode_bytes(bytes, rate)
}

/// Decodes the bytes of a WAV, OGG or FLAC file held in memory, exactly as a file is.
pub fn decode_bytes(bytes: Vec<u8>, rate: u32) -> Result<Vec<f32>, String> {
    decode_reader(Cursor::new(bytes), None, rate)
}

/// Decodes WAV bytes held in memory (speech rendered by a speech engine).
pub fn decode_wav_bytes(bytes: Vec<u8>, rate: u32) -> Result<Vec<f32>, String> {
    decode_reader(Cursor::new(bytes), Some("wav"), rate)
}

/// The one path every sound takes: the header's shape and the metadata's lengths checked, the
/// decoder run with its panics contained, every sample checked to be a number, then mono, `rate`, and capped.
fn decode_reader<R>(mut reader: R, hint: Option<&str>, rate: u32) -> Result<Vec<f32>, String>
where
    R: Read + Seek + Send + Sync + 'static,
{
    let unreadable = |err: std::io::Error| format!("it cannot be read ({err})");
    let mut head = read_head(&mut reader, 0).map_err(unreadable)?;
    let start = header::start_of(&head)?;
    if start > 0 {
        head = read_head(&mut reader, start).map_err(unreadable)?;
        if !header::is_known(&head) {
            return Err(header::NOT_A_SOUND_FILE.to_string());
        }
    }
    if let Some(shape) = header::shape(&head) {
        shape.check()?;
    }
    let length = reader.seek(SeekFrom::End(0)).map_err(unreadable)?;
    lengths::check(&mut reader, start, length, &head)?;
    let hint = hint.map(str::to_string);
    // The decoders read from the sound itself, past an ID3 tag if there is one.
    let mut sound = FromStart::new(reader, start);
    sound.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let sound_length = length.saturating_sub(start);
    let mono = contain(move || decode_mono(sound, sound_length, hint.as_deref()))
        .map_err(|why| format!("could not decode: {why}"))??;
    // Capped before resampling: interpolating between two samples near the limits of a
    // float would overflow, between two within the cap it cannot.
    let capped = cap(mono.samples);
    Ok(fade_edges(resample(&capped, mono.rate, rate), rate))
}

/// The first bytes of the file from `at`, where a header is looked for.
fn read_head<R: Read + Seek>(reader: &mut R, at: u64) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    reader.seek(SeekFrom::Start(at))?;
    reader.take(HEAD_BYTES).read_to_end(&mut head)?;
    Ok(head)
}

/// A reader that starts at byte `start` of the one it holds: the sound after an ID3 tag.
struct FromStart<R> {
    inner: R,
    start: u64,
}

impl<R: Seek> FromStart<R> {
    fn new(inner: R, start: u64) -> FromStart<R> {
        FromStart { inner, start }
    }
}

impl<R: Read> Read for FromStart<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for FromStart<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let pos = match pos {
            SeekFrom::Start(at) => SeekFrom::Start(self.start.saturating_add(at)),
            other => other,
        };
        let at = self.inner.seek(pos)?;
        at.checked_sub(self.start).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a seek before the start of the sound",
            )
        })
    }
}

/// Samples mixed down to one channel, at the file's own rate.
struct Mono {
    samples: Vec<f32>,
    rate: u32,
}

fn decode_mono<R>(reader: R, length: u64, hint: Option<&str>) -> Result<Mono, String>
where
    R: Read + Seek + Send + Sync + 'static,
{
    let mut builder = Decoder::builder()
        .with_data(reader)
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(hint) = hint {
        builder = builder.with_hint(hint);
    }
    let decoder = builder.build().map_err(|err| {
        format!("the sound file is not a WAV, OGG or FLAC file I can decode ({err})")
    })?;
    let channels = decoder.channels().get();
    let from_rate = decoder.sample_rate().get();
    Shape {
        channels: u32::from(channels),
        rate: from_rate,
    }
    .check()?;
    let channels = usize::from(channels);
    let longest = LONGEST_SECONDS as usize * from_rate as usize;
    // Mixed down as it comes, frame by frame: memory holds one channel, however many the
    // file has, and no more than the longest stretch kept.
    let mut samples = Vec::with_capacity(longest.min(1 << 20));
    // Summed in f64: eight samples near the largest float add up to more than a float holds.
    let mut frame = 0.0f64;
    let mut in_frame = 0;
    for (index, sample) in decoder.enumerate() {
        if !sample.is_finite() {
            return Err(not_a_number(sample, index / channels, from_rate));
        }
        frame += f64::from(flush_denormal(sample));
        in_frame += 1;
        if in_frame == channels {
            samples.push(flush_denormal((frame / channels as f64) as f32));
            frame = 0.0;
            in_frame = 0;
            if samples.len() >= longest {
                break;
            }
        }
    }
    if samples.is_empty() {
        return Err("it holds no sound".to_string());
    }
    Ok(Mono {
        samples,
        rate: from_rate,
    })
}

/// Why a file with a NaN or infinite sample is refused, and where the first one is.
fn not_a_number(sample: f32, frame: usize, rate: u32) -> String {
    let what = if sample.is_nan() {
        "a sample that is not a number (NaN)"
    } else {
        "an infinite sample"
    };
    format!(
        "it holds {what} at {:.3} s; every sample of a sound must be a finite number",
        frame as f64 / f64::from(rate.max(1))
    )
}

/// Values too small to be normal floats are silence, and slow to compute with.
fn flush_denormal(sample: f32) -> f32 {
    if sample.abs() < f32::MIN_POSITIVE {
        0.0
    } else {
        sample
    }
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

/// Scales a sound whose peak is above [`PEAK`] down to it, like the built-in sounds.
fn cap(mut samples: Vec<f32>) -> Vec<f32> {
    let loudest = samples.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if loudest > PEAK {
        let gain = PEAK / loudest;
        samples
            .iter_mut()
            .for_each(|v| *v = (*v * gain).clamp(-PEAK, PEAK));
    }
    samples
}

/// Closes the edges with 2 ms fades, so a file starts and stops without a click.
fn fade_edges(mut samples: Vec<f32>, rate: u32) -> Vec<f32> {
    let n = samples.len();
    let fade = (rate as usize / 500).min(n / 2).max(1);
    for i in 0..fade.min(n) {
        let w = i as f32 / fade as f32;
        samples[i] *= w;
        samples[n - 1 - i] *= w;
    }
    samples
}

/// A 16-bit PCM WAV file, written by hand: what tests of WAV reading (decoding, the voice
/// engine's output) feed in.
#[cfg(test)]
pub(crate) fn pcm16_wav(rate: u32, channels: u16, frames: &[i16]) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_stereo_wav_is_decoded_to_mono_at_the_output_rate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gong.wav");
        // 0.5 s of stereo at 24 kHz: left loud, right silent.
        let frames: Vec<i16> = (0..12_000)
            .flat_map(|i| [((i % 50) * 300) as i16, 0])
            .collect();
        std::fs::write(&path, pcm16_wav(24_000, 2, &frames)).unwrap();
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
        std::fs::write(&empty, pcm16_wav(48_000, 1, &[])).unwrap();
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
    fn a_flac_file_behind_an_id3_tag_decodes_like_the_file_alone() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sounds/chime.flac");
        let flac = std::fs::read(&path).unwrap();
        // An ID3v2.4 tag of 129 bytes (a syncsafe size), zeros inside.
        let mut tagged = b"ID3\x04\0\0\0\0\x01\x01".to_vec();
        tagged.extend([0u8; 129]);
        tagged.extend(&flac);
        assert_eq!(
            decode_bytes(tagged, 48_000).unwrap(),
            decode_bytes(flac, 48_000).unwrap()
        );
    }

    /// A WAV of 32-bit float samples, with any header values.
    fn float_wav(rate: u32, channels: u16, samples: &[f32]) -> Vec<u8> {
        wav_with(
            3,
            channels,
            rate,
            32,
            &samples
                .iter()
                .flat_map(|s| s.to_le_bytes())
                .collect::<Vec<u8>>(),
        )
    }

    fn wav_with(format: u16, channels: u16, rate: u32, bits: u16, data: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend(b"RIFF");
        b.extend((36 + data.len() as u32).to_le_bytes());
        b.extend(b"WAVEfmt ");
        b.extend(16u32.to_le_bytes());
        b.extend(format.to_le_bytes());
        b.extend(channels.to_le_bytes());
        b.extend(rate.to_le_bytes());
        let block = u32::from(channels) * u32::from(bits / 8);
        b.extend(rate.wrapping_mul(block).to_le_bytes());
        b.extend((block as u16).to_le_bytes());
        b.extend(bits.to_le_bytes());
        b.extend(b"data");
        b.extend((data.len() as u32).to_le_bytes());
        b.extend(data);
        b
    }

    fn peak(samples: &[f32]) -> f32 {
        samples.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    }

    #[test]
    fn a_loud_float_wav_is_capped_at_half_of_full_scale() {
        let samples: Vec<f32> = (0..4800)
            .map(|i| if i % 2 == 0 { 40.0 } else { -f32::MAX })
            .collect();
        let decoded = decode_bytes(float_wav(48_000, 1, &samples), 48_000).unwrap();
        assert!(peak(&decoded) <= PEAK, "{}", peak(&decoded));
        assert!(decoded.iter().all(|v| v.is_finite()));
        // Eight channels at the largest float do not add up to infinity.
        let wide = vec![f32::MAX; 8 * 480];
        let decoded = decode_bytes(float_wav(48_000, 8, &wide), 44_100).unwrap();
        assert!(decoded.iter().all(|v| v.is_finite() && v.abs() <= PEAK));
    }

    #[test]
    fn a_sample_that_is_not_a_number_refuses_the_file() {
        let mut samples = vec![0.25f32; 4800];
        samples[2400] = f32::NAN;
        let err = decode_bytes(float_wav(48_000, 1, &samples), 48_000).unwrap_err();
        assert_eq!(
            err,
            "it holds a sample that is not a number (NaN) at 0.050 s; every sample of a sound must be a finite number"
        );
        samples[2400] = f32::NEG_INFINITY;
        let err = decode_bytes(float_wav(48_000, 1, &samples), 48_000).unwrap_err();
        assert!(
            err.starts_with("it holds an infinite sample at 0.050 s"),
            "{err}"
        );
        // The same from a file, as `check` reads it, and from speech.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nan.wav");
        std::fs::write(&path, float_wav(48_000, 1, &samples)).unwrap();
        assert!(
            check_sound_file(&path)
                .unwrap_err()
                .contains("infinite sample")
        );
        assert!(decode_wav_bytes(float_wav(48_000, 1, &samples), 48_000).is_err());
    }

    #[test]
    fn denormal_samples_are_silence() {
        let samples = vec![1e-40f32; 4800];
        let decoded = decode_bytes(float_wav(48_000, 1, &samples), 48_000).unwrap();
        assert!(decoded.iter().all(|v| *v == 0.0));
    }

    #[test]
    fn a_header_no_decoder_takes_is_refused_in_words() {
        let frames = [1000i16; 480];
        let data: Vec<u8> = frames.iter().flat_map(|s| s.to_le_bytes()).collect();
        for (channels, rate, said) in [
            (1, 0, "its header gives a sample rate of 0 Hz"),
            (0, 48_000, "its header says it has no channels"),
            (
                1,
                4_000_000_000,
                "its header gives a sample rate of 4000000000 Hz",
            ),
            (300, 48_000, "its header says it has 300 channels"),
        ] {
            let err = decode_bytes(wav_with(1, channels, rate, 16, &data), 48_000).unwrap_err();
            assert!(err.starts_with(said), "{channels} × {rate}: {err}");
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("odd.wav");
            std::fs::write(&path, wav_with(1, channels, rate, 16, &data)).unwrap();
            assert!(check_sound_file(&path).unwrap_err().starts_with(said));
        }
    }

    /// Found by fuzzing: a FLAC file behind four stray bytes, whose comment claims 3.5 GB. A
    /// decoder searches past the stray bytes; the file is refused before it can.
    #[test]
    fn a_file_that_does_not_start_like_a_sound_is_refused() {
        let mut bytes = b"Og[\x10fLaC\0\0\0\x22".to_vec();
        // STREAMINFO: mono at 44.1 kHz, the rest zero.
        let mut info = [0u8; 34];
        info[10..13].copy_from_slice(&[0x0a, 0xc4, 0x40]);
        bytes.extend(info);
        bytes.extend([0x84, 0, 0, 12]);
        bytes.extend(0u32.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
        bytes.extend(0xd100_0000u32.to_le_bytes());
        assert_eq!(
            decode_bytes(bytes.clone(), 48_000),
            Err(header::NOT_A_SOUND_FILE.to_string())
        );
        assert!(
            decode_bytes(bytes[4..].to_vec(), 48_000)
                .unwrap_err()
                .contains("3506438144 bytes long")
        );
    }

    #[test]
    fn only_twenty_seconds_are_kept() {
        let long = vec![0.25f32; 8_000 * 30];
        let decoded = decode_bytes(float_wav(8_000, 1, &long), 8_000).unwrap();
        assert_eq!(decoded.len(), 8_000 * LONGEST_SECONDS as usize);
    }

    mod arbitrary {
        use super::*;
        use proptest::prelude::*;

        /// Whatever comes out is a sound a speaker can take: finite and within the cap.
        fn playable(result: &Result<Vec<f32>, String>) -> bool {
            match result {
                Ok(samples) => samples.iter().all(|v| v.is_finite() && v.abs() <= PEAK),
                Err(why) => !why.is_empty(),
            }
        }

        proptest! {

            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
                prop_assert!(playable(&decode_bytes(bytes, 48_000)));
            }

            #[test]
            fn arbitrary_bytes_behind_a_real_header_never_panic(
                magic in prop_oneof![Just(&b"RIFF\x24\0\0\0WAVEfmt "[..]), Just(&b"fLaC"[..]), Just(&b"OggS"[..])],
                rest in proptest::collection::vec(any::<u8>(), 0..2048),
            ) {
                let mut bytes = magic.to_vec();
                bytes.extend(rest);
                prop_assert!(playable(&decode_bytes(bytes, 48_000)));
            }

            #[test]
            fn arbitrary_wav_headers_with_arbitrary_floats_are_refused_or_capped(
                format in prop_oneof![Just(1u16), Just(3u16), Just(0xfffeu16), any::<u16>()],
                channels in prop_oneof![0u16..=10, any::<u16>()],
                rate in prop_oneof![Just(0u32), 1u32..=400_000, any::<u32>()],
                bits in prop_oneof![Just(8u16), Just(16u16), Just(24u16), Just(32u16), any::<u16>()],
                samples in proptest::collection::vec(any::<u32>().prop_map(f32::from_bits), 0..600),
                out_rate in prop_oneof![Just(48_000u32), Just(44_100u32), 8_000u32..=192_000],
            ) {
                let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
                let bytes = wav_with(format, channels, rate, bits, &data);
                let result = decode_bytes(bytes, out_rate);
                prop_assert!(playable(&result));
                // The header is checked before the decoder: no shape the checks know of
                // reaches a decoder that would panic on it.
                if let Err(why) = &result {
                    prop_assert!(!why.starts_with("could not decode"), "{why}");
                }
            }
        }
    }

    #[test]
    fn resampling_keeps_the_duration() {
        let s: Vec<f32> = (0..44_100).map(|i| (i as f32 * 0.01).sin()).collect();
        assert_eq!(resample(&s, 44_100, 48_000).len(), 48_000);
        assert_eq!(resample(&s, 44_100, 44_100), s);
    }
}
