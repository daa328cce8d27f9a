//! The lengths a sound file's metadata gives, checked against the file before a decoder sees
//! them. A decoder sets aside as much memory as a length says (a FLAC comment "4 GB long" in a
//! 15 kB file), and running out of memory ends the program: no error can be caught then.
//!
//! Walked here: the chunks of a WAV file (and the `LIST` chunks' own), the metadata blocks of
//! a FLAC file (comments and pictures inside them too), and the comment header of an Ogg
//! Vorbis file. Every length must fit in what is left of the file (or of its block).

use std::io::{Read, Seek, SeekFrom};

/// The most metadata one chunk or block may hold; a FLAC block can't hold more anyway.
const LARGEST_METADATA: u64 = 16 * 1024 * 1024;

/// Whether every metadata length in the file fits in it; the reason in words if not. The
/// sound starts at byte `start` of the file, and `head` holds its first bytes.
pub fn check<R: Read + Seek>(
    reader: &mut R,
    start: u64,
    length: u64,
    head: &[u8],
) -> Result<(), String> {
    let result = if head.starts_with(b"RIFF") {
        wav(reader, start, length)
    } else if head.starts_with(b"fLaC") {
        flac(reader, start, length)
    } else if head.starts_with(b"OggS") {
        ogg(head, length.saturating_sub(start))
    } else {
        Ok(())
    };
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|err| format!("it cannot be read ({err})"))?;
    result
}

fn too_long(what: &str, length: u64) -> String {
    format!("its {what} says it is {length} bytes long, more than the file holds")
}

fn read_at<R: Read + Seek>(reader: &mut R, at: u64, length: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .seek(SeekFrom::Start(at))
        .and_then(|_| reader.take(length).read_to_end(&mut bytes))
        .map_err(|err| format!("it cannot be read ({err})"))?;
    Ok(bytes)
}

fn u32_le(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn u32_be(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_be_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

/// RIFF chunks up to `data` (whose length streamed files leave unknown), and inside `LIST`s.
fn wav<R: Read + Seek>(reader: &mut R, start: u64, length: u64) -> Result<(), String> {
    let mut at = start + 12;
    while at + 8 <= length {
        let header = read_at(reader, at, 8)?;
        let size = u32_le(&header, 4).unwrap_or(0);
        if header.starts_with(b"data") {
            return Ok(());
        }
        if at + 8 + size > length {
            return Err(too_long("header's chunk", size));
        }
        if header.starts_with(b"LIST") {
            if size > LARGEST_METADATA {
                return Err(format!(
                    "its metadata is {size} bytes long; at most 16 MB is read"
                ));
            }
            list(&read_at(reader, at + 8, size)?)?;
        }
        at += 8 + size + size % 2;
    }
    Ok(())
}

/// The sub-chunks of a `LIST` chunk, after its 4-byte type.
fn list(body: &[u8]) -> Result<(), String> {
    let mut at = 4usize;
    while at + 8 <= body.len() {
        let size = u32_le(body, at + 4).unwrap_or(0);
        let left = (body.len() - at - 8) as u64;
        if size > left {
            return Err(too_long("metadata", size));
        }
        at += 8 + size as usize + size as usize % 2;
    }
    Ok(())
}

/// Metadata blocks: a 4-byte header (last-block flag, type, 24-bit length) and its body.
fn flac<R: Read + Seek>(reader: &mut R, start: u64, length: u64) -> Result<(), String> {
    let mut at = start + 4;
    while at + 4 <= length {
        let header = read_at(reader, at, 4)?;
        let size = u32_be(&[0, header[1], header[2], header[3]], 0).unwrap_or(0);
        if at + 4 + size > length {
            return Err(too_long("metadata", size));
        }
        match header[0] & 0x7f {
            4 => comments(&read_at(reader, at + 4, size)?)?,
            6 => picture(&read_at(reader, at + 4, size)?)?,
            _ => {}
        }
        if header[0] & 0x80 != 0 {
            break;
        }
        at += 4 + size;
    }
    Ok(())
}

/// A Vorbis comment list: vendor, count, then each comment, every length before its bytes.
fn comments(body: &[u8]) -> Result<(), String> {
    let fits = |at: usize, size: u64| size <= (body.len() - at.min(body.len())) as u64;
    let Some(vendor) = u32_le(body, 0) else {
        return Ok(());
    };
    if !fits(4, vendor) {
        return Err(too_long("comment", vendor));
    }
    let mut at = 4 + vendor as usize;
    let Some(count) = u32_le(body, at) else {
        return Ok(());
    };
    at += 4;
    for _ in 0..count {
        let Some(size) = u32_le(body, at) else {
            return Ok(());
        };
        if !fits(at + 4, size) {
            return Err(too_long("comment", size));
        }
        at = at.saturating_add(4).saturating_add(size as usize);
    }
    Ok(())
}

/// A FLAC picture: type, MIME type, description, four numbers, data; lengths big-endian.
fn picture(body: &[u8]) -> Result<(), String> {
    let mut at = 4usize;
    for what in ["picture's type", "picture's description", "picture"] {
        let Some(size) = u32_be(body, at) else {
            return Ok(());
        };
        if size > (body.len() - (at + 4).min(body.len())) as u64 {
            return Err(too_long(what, size));
        }
        at += 4 + size as usize;
        if what == "picture's description" {
            at += 16;
        }
    }
    Ok(())
}

/// The comment header, `\x03vorbis`, as far as the start of the file holds it. A long one
/// may go on into the next Ogg page, past what is read here: each length is judged against the
/// rest of the file, which the header cannot outgrow.
fn ogg(head: &[u8], length: u64) -> Result<(), String> {
    let Some(start) = head.windows(7).position(|w| w == b"\x03vorbis") else {
        return Ok(());
    };
    let body = &head[start + 7..];
    let rest = length.saturating_sub((start + 7) as u64);
    let check = |size: u64| {
        if size > rest {
            Err(too_long("comment", size))
        } else {
            Ok(())
        }
    };
    let Some(vendor) = u32_le(body, 0) else {
        return Ok(());
    };
    check(vendor)?;
    let mut at = 4 + vendor as usize;
    let Some(count) = u32_le(body, at) else {
        return Ok(());
    };
    at += 4;
    for _ in 0..count {
        let Some(size) = u32_le(body, at) else {
            return Ok(());
        };
        check(size)?;
        at = at.saturating_add(4).saturating_add(size as usize);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn run(bytes: &[u8]) -> Result<(), String> {
        let mut reader = Cursor::new(bytes.to_vec());
        check(
            &mut reader,
            0,
            bytes.len() as u64,
            &bytes[..bytes.len().min(65536)],
        )
    }

    #[test]
    fn a_flac_comment_longer_than_the_file_is_refused() {
        let mut bytes = b"fLaC".to_vec();
        // STREAMINFO, 34 bytes.
        bytes.extend([0x00, 0, 0, 34]);
        bytes.extend([0u8; 34]);
        // Last block: VORBIS_COMMENT of 16 bytes: vendor "", 1 comment of 0xd1000000 bytes.
        bytes.extend([0x84, 0, 0, 16]);
        bytes.extend(0u32.to_le_bytes());
        bytes.extend(1u32.to_le_bytes());
        bytes.extend(0xd100_0000u32.to_le_bytes());
        bytes.extend(b"abcd");
        assert_eq!(
            run(&bytes),
            Err("its comment says it is 3506438144 bytes long, more than the file holds".into())
        );
    }

    #[test]
    fn a_wav_chunk_past_the_end_is_refused_but_a_streamed_data_chunk_is_not() {
        let mut bytes = b"RIFF\0\0\0\0WAVE".to_vec();
        bytes.extend(b"LIST\x0e\0\0\0INFOINAM\xff\xff\xff\x7fab");
        assert!(run(&bytes).unwrap_err().contains("2147483647 bytes long"));
        let mut streamed = b"RIFF\xff\xff\xff\xffWAVEfmt \x10\0\0\0".to_vec();
        streamed.extend([0u8; 16]);
        streamed.extend(b"data\xff\xff\xff\xff\0\0");
        assert_eq!(run(&streamed), Ok(()));
    }

    #[test]
    fn the_projects_sounds_pass() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sounds");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(run(&std::fs::read(&path).unwrap()), Ok(()), "{path:?}");
        }
    }
}
