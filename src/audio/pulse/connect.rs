//! Finding the sound server, the handshake, and messages in and out, every read bounded in
//! size and time: a server that vanishes, stalls or answers garbage is an error, never a hang.

use std::ffi::CString;
use std::io::{self, Cursor, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pulseaudio::protocol::{
    self, AuthParams, Command, CommandTag, DESCRIPTOR_SIZE, Prop, Props, ServerInfo,
    TagStructReader,
};

/// The longest message the server sends us that we read: replies and events are a few
/// hundred bytes. Anything longer is garbage, and the connection is dropped.
const MAX_MESSAGE: u32 = 64 * 1024;
/// The longest block of sound data a server might send us (we record nothing): skipped.
const MAX_DATA: u32 = protocol::MAX_MEMBLOCKQ_LENGTH as u32;
/// A server cookie is 256 bytes.
const COOKIE_BYTES: usize = 256;
/// How long one message may take to arrive once it has begun, and a write to go out.
pub const IO_TIMEOUT: Duration = Duration::from_secs(1);

/// The server's socket: the first `unix:` (or bare path) entry of `PULSE_SERVER`, else
/// `$XDG_RUNTIME_DIR/pulse/native`, if it is a socket. `None` when `PULSE_SERVER` names only
/// servers over the network (the ALSA path's libpulse handles those) or nothing is there.
pub fn server_socket() -> Option<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let path = match env("PULSE_SERVER") {
        Some(servers) => unix_server(&servers.to_string_lossy())?,
        None => PathBuf::from(env("XDG_RUNTIME_DIR")?).join("pulse/native"),
    };
    let is_socket = std::fs::metadata(&path).is_ok_and(|m| m.file_type().is_socket());
    is_socket.then_some(path)
}

/// The first local server of a `PULSE_SERVER` list ("{machine}unix:/path tcp:host ...").
fn unix_server(servers: &str) -> Option<PathBuf> {
    servers.split_whitespace().find_map(|entry| {
        let entry = match entry.strip_prefix('{') {
            Some(rest) => rest.split_once('}')?.1,
            None => entry,
        };
        let path = entry.strip_prefix("unix:").unwrap_or(entry);
        path.starts_with('/').then(|| PathBuf::from(path))
    })
}

/// The cookie that proves we may play: `PULSE_COOKIE`, the configuration folder's
/// `pulse/cookie`, or `~/.pulse-cookie`, whichever is a regular file of cookie size. Zeros
/// when none is: PipeWire asks for none, and PulseAudio also lets in a client of its own
/// user by its socket credentials.
fn cookie() -> Vec<u8> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let home = env("HOME").map(PathBuf::from);
    let config = env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let candidates = [
        env("PULSE_COOKIE").map(PathBuf::from),
        config.map(|c| c.join("pulse/cookie")),
        home.map(|h| h.join(".pulse-cookie")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|path| read_cookie(&path))
        // PulseAudio reads a cookie of full length whatever; zeros say "none".
        .unwrap_or_else(|| vec![0; COOKIE_BYTES])
}

/// A cookie's bytes, from a regular file of exactly a cookie's size ([`crate::files::read`]:
/// a FIFO named by `PULSE_COOKIE` must not stall the player).
fn read_cookie(path: &Path) -> Option<Vec<u8>> {
    crate::files::read(path, crate::files::Kind::Token)
        .ok()
        .filter(|bytes| bytes.len() == COOKIE_BYTES)
}

/// What the server said.
#[derive(Debug, PartialEq, Eq)]
pub enum Message {
    /// The answer to our command `tag`, its body still to be read.
    Reply { tag: u32, body: Vec<u8> },
    /// Our command `tag` failed, with the server's error code.
    Failed { tag: u32, code: u32 },
    /// The server wants `bytes` more of stream `channel`.
    Request { channel: u32, bytes: u32 },
    /// The server ended stream `channel` (its sink went away).
    Killed { channel: u32 },
    /// Anything else (started, underflow, moved, sound data): nothing we act on.
    Other,
}

/// One message's payload, as the server sent it on the control channel.
pub fn parse(payload: &[u8], version: u16) -> Result<Message, String> {
    let garbage = |e: protocol::ProtocolError| format!("the sound server sent garbage ({e})");
    let mut cursor = Cursor::new(payload);
    let (command, tag) = {
        let mut ts = TagStructReader::new(&mut cursor, version);
        (
            ts.read_u32().map_err(garbage)?,
            ts.read_u32().map_err(garbage)?,
        )
    };
    let mut ts = TagStructReader::new(&mut cursor, version);
    // Only the few messages we act on are decoded, field by field: a message we do not
    // need is never parsed, so no length in it is ever believed.
    let message = if command == CommandTag::Reply as u32 {
        Message::Reply {
            tag,
            // After the command and the tag, two tagged numbers of five bytes each.
            body: payload.get(10..).unwrap_or_default().to_vec(),
        }
    } else if command == CommandTag::Error as u32 {
        Message::Failed {
            tag,
            code: ts.read_u32().map_err(garbage)?,
        }
    } else if command == CommandTag::Request as u32 {
        Message::Request {
            channel: ts.read_u32().map_err(garbage)?,
            bytes: ts.read_u32().map_err(garbage)?,
        }
    } else if command == CommandTag::PlaybackStreamKilled as u32 {
        Message::Killed {
            channel: ts.read_u32().map_err(garbage)?,
        }
    } else {
        Message::Other
    };
    Ok(message)
}

/// An open, authorised connection to the server.
pub struct Connection {
    socket: UnixStream,
    pub version: u16,
    next_tag: u32,
    /// The rate to make streams at: the server's default, then the sink's once a stream
    /// has told it.
    pub rate: u32,
}

impl Connection {
    /// Connects, authorises and names the client, all before `deadline`.
    pub fn open(path: &Path, deadline: Instant) -> Result<Connection, String> {
        let socket = UnixStream::connect(path)
            .map_err(|e| format!("the sound server does not answer ({e})"))?;
        socket
            .set_write_timeout(Some(IO_TIMEOUT))
            .map_err(|e| format!("the sound server's socket ({e})"))?;
        let mut connection = Connection {
            socket,
            version: protocol::MAX_VERSION,
            next_tag: 0,
            rate: 48_000,
        };
        let auth = Command::Auth(AuthParams {
            version: protocol::MAX_VERSION,
            supports_shm: false,
            supports_memfd: false,
            cookie: cookie(),
        });
        // The first message carries our credentials, as libpulse's does: PulseAudio lets a
        // client of its own user in by them when there is no cookie to show.
        let tag = connection.next_tag();
        let mut message = Vec::with_capacity(300);
        protocol::encode_command_message(&mut message, tag, &auth, protocol::MAX_VERSION)
            .map_err(|e| format!("a command for the sound server ({e})"))?;
        send_with_credentials(&connection.socket, &message)?;
        let body = connection.reply_to(tag, deadline, |_| {})?;
        let version = reply_reader(&body, protocol::MAX_VERSION, |ts| ts.read_u32())?;
        // The low 16 bits are the version; the rest are flags we do not use.
        let version = (version & 0xffff) as u16;
        if version < protocol::MIN_VERSION {
            return Err(format!(
                "the sound server speaks too old a protocol ({version})"
            ));
        }
        connection.version = version.min(protocol::MAX_VERSION);
        let mut props = Props::new();
        props.set(Prop::ApplicationName, CString::from(c"unknot"));
        props.set(Prop::ApplicationId, CString::from(c"unknot"));
        connection.call(&Command::SetClientName(props), deadline)?;
        let body = connection.call(&Command::GetServerInfo, deadline)?;
        let info: ServerInfo = reply_reader(&body, connection.version, |ts| ts.read())?;
        connection.rate = usable_rate(info.sample_spec.sample_rate);
        Ok(connection)
    }

    pub fn fd(&self) -> RawFd {
        self.socket.as_raw_fd()
    }

    fn next_tag(&mut self) -> u32 {
        let tag = self.next_tag;
        self.next_tag = self.next_tag.wrapping_add(1) & 0x7fff_ffff;
        tag
    }

    /// Sends a command; returns its tag, which its reply will carry.
    pub fn send(&mut self, command: &Command) -> Result<u32, String> {
        let tag = self.next_tag();
        let mut buf = Vec::with_capacity(64);
        protocol::encode_command_message(&mut buf, tag, command, self.version)
            .map_err(|e| format!("a command for the sound server ({e})"))?;
        self.socket
            .write_all(&buf)
            .map_err(|e| format!("the sound server stopped listening ({e})"))?;
        Ok(tag)
    }

    /// Sends sound data for stream `channel`, in one write.
    pub fn send_data(&mut self, channel: u32, data: &[u8]) -> Result<(), String> {
        let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let mut header = [0u8; DESCRIPTOR_SIZE];
        protocol::encode_descriptor(
            &mut header,
            &protocol::Descriptor {
                length,
                channel,
                offset: 0,
                flags: protocol::DescriptorFlags::empty(),
            },
        );
        let mut packet = Vec::with_capacity(DESCRIPTOR_SIZE + data.len());
        packet.extend_from_slice(&header);
        packet.extend_from_slice(data);
        self.socket
            .write_all(&packet)
            .map_err(|e| format!("the sound server stopped listening ({e})"))
    }

    /// Sends a command and waits for its reply, before `deadline`; other messages that come
    /// meanwhile go to `other`.
    pub fn call_with(
        &mut self,
        command: &Command,
        deadline: Instant,
        other: impl FnMut(Message),
    ) -> Result<Vec<u8>, String> {
        let tag = self.send(command)?;
        self.reply_to(tag, deadline, other)
    }

    /// Waits for the reply to `tag`, before `deadline`.
    fn reply_to(
        &mut self,
        tag: u32,
        deadline: Instant,
        mut other: impl FnMut(Message),
    ) -> Result<Vec<u8>, String> {
        loop {
            match self.receive(deadline)? {
                Message::Reply { tag: t, body } if t == tag => return Ok(body),
                Message::Failed { tag: t, code } if t == tag => {
                    return Err(format!("the sound server refused (error {code})"));
                }
                message => other(message),
            }
        }
    }

    fn call(&mut self, command: &Command, deadline: Instant) -> Result<Vec<u8>, String> {
        self.call_with(command, deadline, |_| {})
    }

    /// The next message on the control channel, read whole before `deadline`; sound data
    /// and anything else on a stream channel is read past.
    pub fn receive(&mut self, deadline: Instant) -> Result<Message, String> {
        loop {
            let mut header = [0u8; DESCRIPTOR_SIZE];
            read_exact_by(&mut self.socket, &mut header, deadline)?;
            let descriptor = protocol::read_descriptor(&mut &header[..])
                .map_err(|e| format!("the sound server sent garbage ({e})"))?;
            if descriptor.channel != u32::MAX {
                if descriptor.length > MAX_DATA {
                    return Err("the sound server sent garbage (a block too long)".into());
                }
                skip_by(&mut self.socket, descriptor.length, deadline)?;
                continue;
            }
            if descriptor.length > MAX_MESSAGE {
                return Err("the sound server sent garbage (a message too long)".into());
            }
            let mut payload = vec![0u8; descriptor.length as usize];
            read_exact_by(&mut self.socket, &mut payload, deadline)?;
            return parse(&payload, self.version);
        }
    }
}

/// Reads a reply's body with `read`.
pub fn reply_reader<T>(
    body: &[u8],
    version: u16,
    read: impl FnOnce(&mut TagStructReader<'_>) -> Result<T, protocol::ProtocolError>,
) -> Result<T, String> {
    let mut cursor = Cursor::new(body);
    let mut ts = TagStructReader::new(&mut cursor, version);
    read(&mut ts).map_err(|e| format!("the sound server sent garbage ({e})"))
}

/// Writes `message` whole with our process's credentials attached (`SCM_CREDENTIALS`).
fn send_with_credentials(socket: &UnixStream, message: &[u8]) -> Result<(), String> {
    let failed = |e: io::Error| format!("the sound server stopped listening ({e})");
    let credentials = libc::ucred {
        // SAFETY: these calls only read the process's own ids.
        pid: unsafe { libc::getpid() },
        uid: unsafe { libc::getuid() },
        gid: unsafe { libc::getgid() },
    };
    let payload = std::mem::size_of::<libc::ucred>() as u32;
    // SAFETY: CMSG_SPACE only computes a size.
    let space = unsafe { libc::CMSG_SPACE(payload) } as usize;
    // u64 words keep the control buffer aligned for `cmsghdr`.
    let mut control = vec![0u64; space.div_ceil(8)];
    let mut iov = libc::iovec {
        iov_base: message.as_ptr() as *mut libc::c_void,
        iov_len: message.len(),
    };
    // SAFETY: all-zero is a valid msghdr; every pointer set below outlives the call.
    let mut header: libc::msghdr = unsafe { std::mem::zeroed() };
    header.msg_iov = &mut iov;
    header.msg_iovlen = 1;
    header.msg_control = control.as_mut_ptr().cast();
    header.msg_controllen = space as _;
    // SAFETY: the control buffer holds one cmsghdr and its ucred (CMSG_SPACE above).
    unsafe {
        let cmsg = libc::CMSG_FIRSTHDR(&header);
        if cmsg.is_null() {
            return Err("cannot write to the sound server".into());
        }
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_CREDENTIALS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(payload) as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(cmsg).cast::<libc::ucred>(), credentials);
    }
    // SAFETY: `header` describes valid buffers for the call.
    let sent = unsafe { libc::sendmsg(socket.as_raw_fd(), &header, libc::MSG_NOSIGNAL) };
    let sent = usize::try_from(sent).map_err(|_| failed(io::Error::last_os_error()))?;
    // The rest, if the socket took only part (it never does for a message this small).
    let mut writer = socket;
    writer
        .write_all(message.get(sent..).unwrap_or_default())
        .map_err(failed)
}

/// A rate a stream can be made at; the common one for anything odd.
pub fn usable_rate(rate: u32) -> u32 {
    if (8_000..=384_000).contains(&rate) {
        rate
    } else {
        48_000
    }
}

fn read_exact_by(socket: &mut UnixStream, buf: &mut [u8], deadline: Instant) -> Result<(), String> {
    let mut filled = 0;
    while filled < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("the sound server did not answer in time".into());
        }
        socket
            .set_read_timeout(Some(left))
            .map_err(|e| format!("the sound server's socket ({e})"))?;
        match socket.read(&mut buf[filled..]) {
            Ok(0) => return Err("the sound server went away".into()),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(format!("the sound server went away ({e})")),
        }
    }
    Ok(())
}

fn skip_by(socket: &mut UnixStream, mut length: u32, deadline: Instant) -> Result<(), String> {
    let mut scratch = [0u8; 4096];
    while length > 0 {
        let n = (length as usize).min(scratch.len());
        read_exact_by(socket, &mut scratch[..n], deadline)?;
        length -= n as u32;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use pulseaudio::protocol::TagStructWriter;

    fn payload(words: &[u32]) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut ts = TagStructWriter::new(&mut buf, protocol::MAX_VERSION);
        for w in words {
            ts.write_u32(*w).unwrap();
        }
        buf
    }

    #[test]
    fn the_messages_acted_on_are_read_and_the_rest_passed_over() {
        let v = protocol::MAX_VERSION;
        let request = payload(&[CommandTag::Request as u32, u32::MAX, 3, 48_000]);
        assert_eq!(
            parse(&request, v),
            Ok(Message::Request {
                channel: 3,
                bytes: 48_000
            })
        );
        let failed = payload(&[CommandTag::Error as u32, 7, 5]);
        assert_eq!(parse(&failed, v), Ok(Message::Failed { tag: 7, code: 5 }));
        let killed = payload(&[CommandTag::PlaybackStreamKilled as u32, u32::MAX, 3]);
        assert_eq!(parse(&killed, v), Ok(Message::Killed { channel: 3 }));
        let reply = payload(&[CommandTag::Reply as u32, 9, 42]);
        let Ok(Message::Reply { tag: 9, body }) = parse(&reply, v) else {
            panic!("not a reply");
        };
        assert_eq!(reply_reader(&body, v, |ts| ts.read_u32()), Ok(42));
        let started = payload(&[CommandTag::Started as u32, u32::MAX, 3]);
        assert_eq!(parse(&started, v), Ok(Message::Other));
    }

    #[test]
    fn garbage_is_an_error_and_nothing_in_it_is_believed() {
        let v = protocol::MAX_VERSION;
        assert!(parse(&[], v).is_err());
        assert!(parse(&[0xff; 40], v).is_err());
        // A request cut short.
        let short = payload(&[CommandTag::Request as u32, u32::MAX, 3]);
        assert!(parse(&short, v).is_err());
        // A command we never decode, claiming a four-gigabyte field: passed over unread.
        let mut huge = payload(&[CommandTag::SetClientName as u32, 1]);
        huge.extend_from_slice(&[b'x', 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(parse(&huge, v), Ok(Message::Other));
    }

    #[test]
    fn the_server_is_the_first_local_entry_of_pulse_server() {
        assert_eq!(
            unix_server("unix:/run/user/1000/pulse/native"),
            Some(PathBuf::from("/run/user/1000/pulse/native"))
        );
        assert_eq!(
            unix_server("{abc}unix:/tmp/p tcp:host"),
            Some(PathBuf::from("/tmp/p"))
        );
        assert_eq!(
            unix_server("tcp:host:4713 /tmp/q"),
            Some(PathBuf::from("/tmp/q"))
        );
        assert_eq!(unix_server("tcp:host:4713"), None);
        assert_eq!(unix_server("unix:relative"), None);
        assert_eq!(unix_server(""), None);
    }

    #[test]
    fn a_cookie_is_a_regular_file_of_cookie_size() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("cookie");
        std::fs::write(&good, [7u8; COOKIE_BYTES]).unwrap();
        assert_eq!(read_cookie(&good), Some(vec![7u8; COOKIE_BYTES]));
        let long = dir.path().join("long");
        std::fs::write(&long, [7u8; COOKIE_BYTES + 1]).unwrap();
        assert_eq!(read_cookie(&long), None);
        assert_eq!(read_cookie(dir.path()), None);
        assert_eq!(read_cookie(&dir.path().join("missing")), None);
    }

    #[test]
    fn odd_rates_become_the_common_one() {
        assert_eq!(usable_rate(44_100), 44_100);
        assert_eq!(usable_rate(0), 48_000);
        assert_eq!(usable_rate(u32::MAX), 48_000);
    }
}
