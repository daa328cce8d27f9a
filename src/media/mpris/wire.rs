//! The connection to the bus as bytes: the socket, what came in and is not yet a whole
//! message, and what is still to be written. Messages are cut out of the stream by their
//! header's lengths (one may come in pieces, several in one read); rustbus reads and writes
//! what is inside them.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;

use rustbus::message_builder::MarshalledMessage;
use rustbus::wire::{marshal, unmarshal};

/// The longest message D-Bus allows (128 MiB): a header that claims more is a broken bus.
const MAX_MESSAGE: usize = 1 << 27;

/// How much unsent output the connection keeps before it takes the bus for gone: the
/// player's replies and signals are small, and a bus that reads none of them is not there.
const MAX_OUTBOX: usize = 1 << 20;

/// What the bus sent that is not a message, or a message too long to be one.
pub(super) type Broken = String;

pub(super) struct Connection {
    stream: UnixStream,
    inbox: Vec<u8>,
    outbox: Vec<u8>,
    serial: u32,
    /// Whether reads and writes wait (with the socket's timeouts), as while setting up.
    waits: bool,
}

impl Connection {
    pub fn new(stream: UnixStream, already_read: Vec<u8>) -> Connection {
        Connection {
            stream,
            inbox: already_read,
            outbox: Vec::new(),
            serial: 0,
            waits: true,
        }
    }

    pub fn stream(&self) -> &UnixStream {
        &self.stream
    }

    /// Whether some output waits for the socket to take it.
    pub fn wants_to_write(&self) -> bool {
        !self.outbox.is_empty()
    }

    /// From now on, reads and writes never wait: poll(2) says when to make them.
    pub fn stop_waiting(&mut self) -> Result<(), Broken> {
        self.stream
            .set_nonblocking(true)
            .map_err(|error| error.to_string())?;
        self.waits = false;
        Ok(())
    }

    /// Reads what the socket holds: while the connection waits (being set up, with a
    /// timeout), one read; after, what there is, up to 64 KiB. `Err` once the bus closed the
    /// connection, the socket failed, or the bus took too long to answer.
    pub fn receive(&mut self) -> Result<(), Broken> {
        let mut bytes = [0; 4096];
        // A bus that floods us is read a bounded piece at a time, its messages answered in
        // between (poll(2) says at once that there is more).
        for _ in 0..16 {
            match self.stream.read(&mut bytes) {
                Ok(0) => return Err("the session bus closed the connection".to_string()),
                Ok(count) => {
                    self.inbox.extend_from_slice(&bytes[..count]);
                    if self.waits || count < bytes.len() {
                        return Ok(());
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) if error.kind() == io::ErrorKind::WouldBlock && !self.waits => {
                    return Ok(());
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err("the session bus did not answer".to_string());
                }
                Err(error) => return Err(format!("reading from the session bus: {error}")),
            }
        }
        Ok(())
    }

    /// The next whole message that came, if one has; `Ok(None)` for a message of a kind the
    /// player ignores (a type this side does not know, a body that does not match its
    /// signature) is `Some(None)`.
    pub fn next_message(&mut self) -> Result<Option<Option<MarshalledMessage>>, Broken> {
        let Some(length) = message_length(&self.inbox)? else {
            return Ok(None);
        };
        if self.inbox.len() < length {
            return Ok(None);
        }
        let rest = self.inbox.split_off(length);
        let bytes = std::mem::replace(&mut self.inbox, rest);
        Ok(Some(decode(&bytes)))
    }

    /// Queues `message` with the next serial; `flush` writes it.
    pub fn send(&mut self, message: &MarshalledMessage) -> Result<u32, Broken> {
        self.serial = self.serial.wrapping_add(1).max(1);
        // Only a message made wrong here fails: it is not sent, and the rest goes on.
        if let Some(bytes) = encode(message, self.serial) {
            self.outbox.extend_from_slice(&bytes);
        }
        if self.outbox.len() > MAX_OUTBOX {
            return Err("the session bus takes nothing from us".to_string());
        }
        Ok(self.serial)
    }

    /// Writes what the socket takes now (all of it, with a blocking socket).
    pub fn flush(&mut self) -> Result<(), Broken> {
        while !self.outbox.is_empty() {
            match self.stream.write(&self.outbox) {
                Ok(0) => return Err("the session bus closed the connection".to_string()),
                Ok(count) => {
                    self.outbox.drain(..count);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(error) => return Err(format!("writing to the session bus: {error}")),
            }
        }
        Ok(())
    }
}

/// The length of the message that starts `bytes`, once its fixed header (16 bytes) is there:
/// the header, its fields padded to 8, and the body.
fn message_length(bytes: &[u8]) -> Result<Option<usize>, Broken> {
    let Some(fixed) = bytes.get(..16) else {
        return Ok(None);
    };
    let number = |at: usize| {
        let four = [fixed[at], fixed[at + 1], fixed[at + 2], fixed[at + 3]];
        match fixed[0] {
            b'l' => Ok(u32::from_le_bytes(four) as usize),
            b'B' => Ok(u32::from_be_bytes(four) as usize),
            _ => Err("the session bus sent something that is not D-Bus".to_string()),
        }
    };
    let body = number(4)?;
    let fields = number(12)?;
    let length = (16 + fields).next_multiple_of(8) + body;
    if length > MAX_MESSAGE {
        return Err(format!(
            "the session bus announced a message of {length} bytes"
        ));
    }
    Ok(Some(length))
}

/// One whole message, as rustbus reads it; `None` for one the player ignores.
pub(super) fn decode(bytes: &[u8]) -> Option<MarshalledMessage> {
    let (used, header) = unmarshal::unmarshal_header(bytes, 0).ok()?;
    let (fields, dynamic) = unmarshal::unmarshal_dynamic_header(&header, bytes, used).ok()?;
    let (_, message) =
        unmarshal::unmarshal_next_message(&header, dynamic, bytes, used + fields).ok()?;
    message.body.validate().ok()?;
    Some(message)
}

/// `message` as the bus carries it, with `serial`.
pub(super) fn encode(message: &MarshalledMessage, serial: u32) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    marshal::marshal(message, serial, &mut bytes).ok()?;
    if let Some(name) = &message.dynheader.error_name {
        add_error_name(&mut bytes, name)?;
    }
    bytes.extend_from_slice(message.get_buf());
    Some(bytes)
}

/// Adds the ERROR_NAME field to a header rustbus wrote: rustbus 0.19 leaves it out, and
/// without it an error is no error to the bus (dbus-daemon drops the connection).
fn add_error_name(header: &mut Vec<u8>, name: &str) -> Option<()> {
    const ERROR_NAME: u8 = 4;
    let little = *header.first()? == b'l';
    let number = |value: u32| {
        if little {
            value.to_le_bytes()
        } else {
            value.to_be_bytes()
        }
    };
    let fields: [u8; 4] = header.get(12..16)?.try_into().ok()?;
    let fields = if little {
        u32::from_le_bytes(fields)
    } else {
        u32::from_be_bytes(fields)
    };
    header.truncate(16 + usize::try_from(fields).ok()?);
    // Each field is a struct (byte, variant), at a multiple of 8; the string's length at 4.
    header.resize(header.len().next_multiple_of(8), 0);
    header.extend_from_slice(&[ERROR_NAME, 1, b's', 0]);
    header.extend_from_slice(&number(u32::try_from(name.len()).ok()?));
    header.extend_from_slice(name.as_bytes());
    header.push(0);
    let fields = u32::try_from(header.len() - 16).ok()?;
    header[12..16].copy_from_slice(&number(fields));
    header.resize(header.len().next_multiple_of(8), 0);
    Some(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rustbus::MessageBuilder;

    fn call(member: &str, argument: &str) -> Vec<u8> {
        let mut call = MessageBuilder::new()
            .call(member)
            .on("/org/mpris/MediaPlayer2")
            .with_interface("org.mpris.MediaPlayer2.Player")
            .build();
        call.body.push_param(argument).unwrap();
        encode(&call, 3).unwrap()
    }

    fn connection_with(bytes: &[u8]) -> Connection {
        let (ours, _theirs) = UnixStream::pair().unwrap();
        Connection::new(ours, bytes.to_vec())
    }

    #[test]
    fn messages_are_cut_out_whatever_the_reads_were() {
        let first = call("Next", "one");
        let second = call("Previous", "two, a little longer");
        let stream: Vec<u8> = [first.clone(), second].concat();
        // Byte by byte, and all at once.
        for piece in [1, stream.len()] {
            let mut connection = connection_with(&[]);
            let mut members = Vec::new();
            for chunk in stream.chunks(piece) {
                connection.inbox.extend_from_slice(chunk);
                while let Some(message) = connection.next_message().unwrap() {
                    members.push(message.unwrap().dynheader.member.unwrap());
                }
            }
            assert_eq!(members, ["Next", "Previous"], "in pieces of {piece}");
            assert!(connection.inbox.is_empty());
        }
        assert_eq!(message_length(&first).unwrap(), Some(first.len()));
        assert_eq!(message_length(&first[..15]).unwrap(), None);
    }

    #[test]
    fn an_error_reply_carries_its_name() {
        let call = decode(&call("Seek", "far")).unwrap();
        let mut error = call.dynheader.make_error_response(
            "org.freedesktop.DBus.Error.InvalidArgs",
            Some("the arguments must be (x)".to_string()),
        );
        error.typ = rustbus::MessageType::Error;
        let read = decode(&encode(&error, 4).unwrap()).unwrap();
        assert_eq!(read.typ, rustbus::MessageType::Error);
        assert_eq!(
            read.dynheader.error_name.as_deref(),
            Some("org.freedesktop.DBus.Error.InvalidArgs")
        );
        assert_eq!(read.dynheader.response_serial, Some(3));
        assert_eq!(
            read.body.parser().get::<String>().unwrap(),
            "the arguments must be (x)"
        );
    }

    #[test]
    fn garbage_or_a_huge_length_is_a_broken_bus() {
        let mut garbage = connection_with(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(garbage.next_message().is_err());
        let mut huge = call("Next", "x");
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(connection_with(&huge).next_message().is_err());
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(connection_with(&huge).next_message().is_err());
    }

    #[test]
    fn a_message_of_an_unknown_type_or_a_lying_body_is_skipped() {
        let mut odd = call("Next", "x");
        odd[1] = 9;
        let mut lying = call("Next", "x");
        // The string's length now runs past the body.
        let at = lying.len() - 6;
        lying[at..at + 4].copy_from_slice(&200_u32.to_le_bytes());
        let good = call("Next", "x");
        let mut connection = connection_with(&[odd, lying, good].concat());
        assert!(matches!(connection.next_message(), Ok(Some(None))));
        assert!(matches!(connection.next_message(), Ok(Some(None))));
        assert!(matches!(connection.next_message(), Ok(Some(Some(_)))));
        assert!(matches!(connection.next_message(), Ok(None)));
    }

    #[test]
    fn a_closed_socket_ends_the_connection() {
        let (ours, theirs) = UnixStream::pair().unwrap();
        ours.set_nonblocking(true).unwrap();
        let mut connection = Connection::new(ours, Vec::new());
        connection.stop_waiting().unwrap();
        assert!(connection.receive().is_ok(), "nothing yet is not an end");
        drop(theirs);
        assert!(connection.receive().is_err());
    }
}
