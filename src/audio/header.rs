//! What a sound file's header says about its shape (channels, sample rate), read from its
//! first bytes before any decoder sees them, so that a shape no decoder should be asked to
//! take is refused in words.

/// Sample rates a sound may have: from telephone quality to what studio recorders write.
pub const RATES: std::ops::RangeInclusive<u32> = 1_000..=384_000;
/// The most channels a sound may have (7.1 surround).
pub const MAX_CHANNELS: u32 = 8;

/// The channels and sample rate a header gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub channels: u32,
    pub rate: u32,
}

impl Shape {
    /// Whether a sound of this shape can be played; the reason in words if not.
    pub fn check(self) -> Result<(), String> {
        if self.channels == 0 {
            Err("its header says it has no channels".to_string())
        } else if self.channels > MAX_CHANNELS {
            Err(format!(
                "its header says it has {} channels; a sound may have at most {MAX_CHANNELS}",
                self.channels
            ))
        } else if self.rate == 0 {
            Err("its header gives a sample rate of 0 Hz".to_string())
        } else if !RATES.contains(&self.rate) {
            Err(format!(
                "its header gives a sample rate of {} Hz; a sound's must be from {} to {} Hz",
                self.rate,
                RATES.start(),
                RATES.end()
            ))
        } else {
            Ok(())
        }
    }
}

/// Where the sound itself starts: at the first byte, or after an ID3 tag (which some FLAC
/// files carry). Anything else is refused: a decoder would search the whole file for something
/// it knows, past whatever these checks looked at.
pub fn start_of(head: &[u8]) -> Result<u64, String> {
    if is_known(head) {
        return Ok(0);
    }
    if let (Some(b"ID3"), Some(size)) = (head.get(..3), head.get(6..10)) {
        // A "syncsafe" size: seven bits a byte, then a footer of 10 bytes if flagged.
        let size = size
            .iter()
            .fold(0u64, |total, b| (total << 7) | u64::from(b & 0x7f));
        let footer = if head.get(5).is_some_and(|f| f & 0x10 != 0) {
            10
        } else {
            0
        };
        return Ok(10 + size + footer);
    }
    Err(NOT_A_SOUND_FILE.to_string())
}

/// Why a file that does not start like a sound file is refused.
pub const NOT_A_SOUND_FILE: &str =
    "the sound file is not a WAV, OGG or FLAC file: it does not start like one";

/// Whether `head` starts with the signature of a WAV, FLAC or Ogg file.
pub fn is_known(head: &[u8]) -> bool {
    (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WAVE"))
        || head.starts_with(b"fLaC")
        || head.starts_with(b"OggS")
}

/// The shape a WAV, FLAC or Ogg Vorbis header at the start of `head` gives, if it is one.
pub fn shape(head: &[u8]) -> Option<Shape> {
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WAVE") {
        wav(head)
    } else if head.starts_with(b"fLaC") {
        flac(head)
    } else if head.starts_with(b"OggS") {
        vorbis(head)
    } else {
        None
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The `fmt ` chunk, found by walking the chunks after `RIFF....WAVE`.
fn wav(head: &[u8]) -> Option<Shape> {
    let mut at = 12usize;
    while let Some(id) = head.get(at..at + 4) {
        let size = usize::try_from(u32_at(head, at + 4)?).ok()?;
        if id == b"fmt " {
            return Some(Shape {
                channels: u16_at(head, at + 10)?,
                rate: u32_at(head, at + 12)?,
            });
        }
        // Chunks are padded to an even length.
        at = at
            .checked_add(8)?
            .checked_add(size)?
            .checked_add(size % 2)?;
    }
    None
}

/// STREAMINFO, the first metadata block: 20 bits of rate, 3 of channels minus one.
fn flac(head: &[u8]) -> Option<Shape> {
    if head.get(4)? & 0x7f != 0 {
        return None;
    }
    let b = head.get(18..21)?;
    Some(Shape {
        rate: (u32::from(b[0]) << 12) | (u32::from(b[1]) << 4) | (u32::from(b[2]) >> 4),
        channels: u32::from((b[2] >> 1) & 0x07) + 1,
    })
}

/// The Vorbis identification header: `\x01vorbis`, version, channels, rate.
fn vorbis(head: &[u8]) -> Option<Shape> {
    let at = head.windows(7).position(|w| w == b"\x01vorbis")? + 7;
    Some(Shape {
        channels: u32::from(*head.get(at + 4)?),
        rate: u32_at(head, at + 5)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn wav_header(channels: u16, rate: u32) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend(b"RIFF\x24\0\0\0WAVE");
        b.extend(b"LIST\x03\0\0\0abc\0");
        b.extend(b"fmt \x10\0\0\0\x01\0");
        b.extend(channels.to_le_bytes());
        b.extend(rate.to_le_bytes());
        b.extend([0; 8]);
        b
    }

    #[test]
    fn reads_the_wav_format_chunk_after_other_chunks() {
        assert_eq!(
            shape(&wav_header(2, 44_100)),
            Some(Shape {
                channels: 2,
                rate: 44_100
            })
        );
        assert_eq!(shape(b"RIFF\0\0\0\0WAVEdata"), None);
        assert_eq!(shape(b"not a sound"), None);
    }

    #[test]
    fn the_projects_flac_and_ogg_headers_are_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sounds");
        for file in ["chime.flac", "gong.ogg"] {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let found = shape(&bytes[..bytes.len().min(4096)]).unwrap();
            assert_eq!(found.check(), Ok(()), "{file}: {found:?}");
            assert!(found.rate >= 8_000, "{file}: {found:?}");
        }
    }

    #[test]
    fn a_sound_starts_at_its_first_byte_or_after_an_id3_tag() {
        assert_eq!(start_of(b"fLaC...."), Ok(0));
        assert_eq!(start_of(b"ID3\x04\0\0\0\0\x01\x01fLaC"), Ok(10 + 129));
        assert_eq!(start_of(b"Og[\x10fLaC"), Err(NOT_A_SOUND_FILE.to_string()));
        assert_eq!(start_of(b""), Err(NOT_A_SOUND_FILE.to_string()));
    }

    #[test]
    fn shapes_no_player_takes_are_refused_in_words() {
        let check = |channels, rate| Shape { channels, rate }.check();
        assert_eq!(check(1, 48_000), Ok(()));
        assert_eq!(check(8, 384_000), Ok(()));
        assert_eq!(check(1, 1_000), Ok(()));
        assert_eq!(
            check(1, 0),
            Err("its header gives a sample rate of 0 Hz".into())
        );
        assert!(
            check(1, 999)
                .unwrap_err()
                .contains("from 1000 to 384000 Hz")
        );
        assert!(check(1, 384_001).is_err());
        assert_eq!(
            check(0, 48_000),
            Err("its header says it has no channels".into())
        );
        assert!(check(9, 48_000).unwrap_err().contains("at most 8"));
    }
}
