//! Why a file was not read, and sizes in words: what the core says about a file the caller
//! could not give it. The reading itself happens outside the core.

use std::fmt;
use std::io;

/// Why a file was not read, in words for the person who named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    PermissionDenied,
    SymlinkLoop,
    /// A directory, a FIFO, a device or a socket: "a FIFO".
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// It was within the limit when opened, then grew past it while it was read.
    Grew {
        limit: u64,
    },
    Other(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::PermissionDenied => f.write_str("permission denied"),
            ReadError::SymlinkLoop => f.write_str("symbolic link loop"),
            ReadError::NotRegular(what) => write!(f, "not a regular file ({what})"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "too large: {}, the limit is {}",
                size_text(*size),
                size_text(*limit)
            ),
            ReadError::Grew { limit } => write!(
                f,
                "too large: it grew past the limit of {} while it was read",
                size_text(*limit)
            ),
            ReadError::Other(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for io::Error {
    fn from(error: ReadError) -> io::Error {
        let kind = match error {
            ReadError::NotFound => io::ErrorKind::NotFound,
            ReadError::PermissionDenied => io::ErrorKind::PermissionDenied,
            ReadError::TooLarge { .. } | ReadError::Grew { .. } => io::ErrorKind::FileTooLarge,
            _ => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, error)
    }
}

/// `1 MiB`, `2.0 GiB`, `300 bytes`: binary units, like the limits.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("TiB");
    if value.fract() == 0.0 {
        format!("{value:.0} {name}")
    } else {
        format!("{value:.1} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_binary_units() {
        assert_eq!(size_text(300), "300 bytes");
        assert_eq!(size_text(1 << 20), "1 MiB");
        assert_eq!(size_text(64 << 10), "64 KiB");
        assert_eq!(size_text(1_572_864), "1.5 MiB");
        assert_eq!(size_text(2_200_000_000), "2.0 GiB");
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(ReadError::SymlinkLoop.to_string(), "symbolic link loop");
        assert_eq!(
            ReadError::NotRegular("a FIFO").to_string(),
            "not a regular file (a FIFO)"
        );
        assert_eq!(
            ReadError::TooLarge {
                size: 2_200_000_000,
                limit: 1 << 20
            }
            .to_string(),
            "too large: 2.0 GiB, the limit is 1 MiB"
        );
        assert_eq!(
            io::Error::from(ReadError::Grew { limit: 1 << 20 }).kind(),
            io::ErrorKind::FileTooLarge
        );
    }
}
