//! Reaching the session bus and taking the player's name on it: the address, the socket,
//! authentication (EXTERNAL, as our user), Hello and RequestName.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rustbus::MessageBuilder;
use rustbus::message_builder::{MarshalledMessage, MessageType};

use super::wire::{Broken, Connection};

/// The well-known name; a second unknot takes `NAME.instance<PID>`, as MPRIS asks.
const NAME: &str = "org.mpris.MediaPlayer2.unknot";

/// How long the bus may take to answer while the connection is set up (on the D-Bus thread,
/// so nothing else waits for it).
const SETUP: Duration = Duration::from_secs(5);

/// Where a bus listens.
#[derive(Debug, PartialEq, Eq)]
enum Address {
    Path(PathBuf),
    Abstract(Vec<u8>),
}

/// Connects to the session bus and takes the player's name: the connection, its reads and
/// writes no longer waiting, ready for poll(2) on its socket.
pub(super) fn connect() -> Result<Connection, Broken> {
    let addresses = session_addresses();
    let mut failure = "no address of the session bus that can be reached".to_string();
    for address in &addresses {
        match open(address) {
            Ok(stream) => {
                let mut connection = setup(stream)?;
                connection.stop_waiting()?;
                return Ok(connection);
            }
            Err(error) => failure = error,
        }
    }
    Err(failure)
}

/// The session bus's addresses, in the order to try them: `DBUS_SESSION_BUS_ADDRESS`, else
/// the user's bus socket in `XDG_RUNTIME_DIR` (or `/run/user/UID`), as other D-Bus clients
/// find it. Never a last resort that starts a bus daemon (`autolaunch:`).
fn session_addresses() -> Vec<Address> {
    if let Ok(address) = std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        return parse(&address);
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").unwrap_or_else(|| {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() };
        format!("/run/user/{uid}").into()
    });
    vec![Address::Path(PathBuf::from(runtime).join("bus"))]
}

/// The `unix:` addresses among `;`-separated D-Bus addresses (`unix:path=…` or
/// `unix:abstract=…`, values `%`-escaped); the others, and malformed ones, are left out.
fn parse(addresses: &str) -> Vec<Address> {
    addresses
        .split(';')
        .filter_map(|address| {
            let pairs = address.strip_prefix("unix:")?;
            pairs.split(',').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                match key {
                    "path" => Some(Address::Path(PathBuf::from(OsString::from_vec(unescape(
                        value,
                    )?)))),
                    "abstract" => Some(Address::Abstract(unescape(value)?)),
                    _ => None,
                }
            })
        })
        .collect()
}

/// A value of a D-Bus address, its `%XX` made bytes again; `None` for a broken escape.
fn unescape(value: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(value.len());
    let mut rest = value.bytes();
    while let Some(byte) = rest.next() {
        if byte == b'%' {
            let high = char::from(rest.next()?).to_digit(16)?;
            let low = char::from(rest.next()?).to_digit(16)?;
            bytes.push(u8::try_from(high * 16 + low).ok()?);
        } else {
            bytes.push(byte);
        }
    }
    (!bytes.is_empty()).then_some(bytes)
}

fn open(address: &Address) -> Result<UnixStream, Broken> {
    match address {
        Address::Path(path) => UnixStream::connect(path),
        Address::Abstract(name) => {
            use std::os::linux::net::SocketAddrExt;
            std::os::unix::net::SocketAddr::from_abstract_name(name)
                .and_then(|address| UnixStream::connect_addr(&address))
        }
    }
    .map_err(|error| format!("connecting to the session bus: {error}"))
}

/// Authenticates, says Hello and takes the name, each answer within `SETUP`.
fn setup(stream: UnixStream) -> Result<Connection, Broken> {
    let deadline = Instant::now() + SETUP;
    wait_until(&stream, deadline)?;
    let already_read = authenticate(&stream)?;
    let mut connection = Connection::new(stream, already_read);
    call(&mut connection, hello(), deadline)?;
    if !request_name(&mut connection, NAME, deadline)? {
        let instance = format!("{NAME}.instance{}", std::process::id());
        if !request_name(&mut connection, &instance, deadline)? {
            return Err(format!("{instance} is taken"));
        }
    }
    Ok(connection)
}

/// Lets the socket's reads and writes wait no longer than until `deadline`.
fn wait_until(stream: &UnixStream, deadline: Instant) -> Result<(), Broken> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1));
    stream
        .set_read_timeout(Some(left))
        .and_then(|()| stream.set_write_timeout(Some(left)))
        .map_err(|error| error.to_string())
}

/// The EXTERNAL mechanism with our uid, which a bus of our own user accepts: what came after
/// the bus's `OK` line (nothing, from a bus that keeps to the protocol).
fn authenticate(mut stream: &UnixStream) -> Result<Vec<u8>, Broken> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() }.to_string();
    let hex: String = uid.bytes().map(|byte| format!("{byte:02x}")).collect();
    let failed = |error: std::io::Error| format!("authenticating to the session bus: {error}");
    stream
        .write_all(format!("\0AUTH EXTERNAL {hex}\r\n").as_bytes())
        .map_err(failed)?;
    let mut line = Vec::new();
    let mut bytes = [0; 256];
    let end = loop {
        if let Some(end) = line.windows(2).position(|pair| pair == b"\r\n") {
            break end;
        }
        if line.len() > 4096 {
            return Err("the session bus's answer to authentication is too long".to_string());
        }
        match stream.read(&mut bytes).map_err(failed)? {
            0 => return Err("the session bus closed the connection".to_string()),
            count => line.extend_from_slice(&bytes[..count]),
        }
    };
    if !line.starts_with(b"OK ") {
        return Err("the session bus refused our user".to_string());
    }
    stream.write_all(b"BEGIN\r\n").map_err(failed)?;
    Ok(line.split_off(end + 2))
}

fn bus_call(member: &str) -> MarshalledMessage {
    MessageBuilder::new()
        .call(member)
        .on("/org/freedesktop/DBus")
        .with_interface("org.freedesktop.DBus")
        .at("org.freedesktop.DBus")
        .build()
}

fn hello() -> MarshalledMessage {
    bus_call("Hello")
}

/// Sends `message` and waits for its answer; what else comes meanwhile (the bus's signals
/// about our names) is of no use to the player and is passed over.
fn call(
    connection: &mut Connection,
    message: MarshalledMessage,
    deadline: Instant,
) -> Result<MarshalledMessage, Broken> {
    wait_until(connection.stream(), deadline)?;
    let serial = connection.send(&message)?;
    connection.flush()?;
    loop {
        while let Some(message) = connection.next_message()? {
            let Some(message) = message else { continue };
            if message.dynheader.response_serial != Some(serial) {
                continue;
            }
            if message.typ == MessageType::Error {
                let name = message.dynheader.error_name.unwrap_or_default();
                return Err(format!("the session bus answered {name}"));
            }
            return Ok(message);
        }
        wait_until(connection.stream(), deadline)?;
        connection.receive()?;
    }
}

/// Asks the bus for `name` without queueing for it: true once the name is ours.
fn request_name(
    connection: &mut Connection,
    name: &str,
    deadline: Instant,
) -> Result<bool, Broken> {
    const REPLACE_EXISTING: u32 = 0x2;
    const DO_NOT_QUEUE: u32 = 0x4;
    const PRIMARY_OWNER: u32 = 1;
    const ALREADY_OWNER: u32 = 4;
    let mut message = bus_call("RequestName");
    message
        .body
        .push_param2(name, REPLACE_EXISTING | DO_NOT_QUEUE)
        .map_err(|error| error.to_string())?;
    let reply = call(connection, message, deadline)?;
    let answer: u32 = reply
        .body
        .parser()
        .get()
        .map_err(|error| format!("the session bus answered RequestName with {error}"))?;
    Ok(answer == PRIMARY_OWNER || answer == ALREADY_OWNER)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_read_as_other_d_bus_clients_read_it() {
        assert_eq!(
            parse("unix:path=/run/user/1000/bus"),
            [Address::Path("/run/user/1000/bus".into())]
        );
        assert_eq!(
            parse("unix:path=/tmp/a%20b%3bc%3dd%2c%c3%a9,guid=0123"),
            [Address::Path("/tmp/a b;c=d,é".into())]
        );
        assert_eq!(
            parse("unix:guid=1,abstract=/tmp/dbus-XYZ;unix:path=/b"),
            [
                Address::Abstract(b"/tmp/dbus-XYZ".to_vec()),
                Address::Path("/b".into())
            ]
        );
        // What cannot be reached from here, or is broken, is left out.
        assert!(parse("tcp:host=localhost,port=1").is_empty());
        assert!(parse("autolaunch:").is_empty());
        assert!(parse("unix:path=/a%2").is_empty());
        assert!(parse("unix:path=/a%zz").is_empty());
        assert!(parse("unix:path=").is_empty());
        assert!(parse("").is_empty());
    }

    #[test]
    fn authentication_takes_ok_and_nothing_else() {
        // What we said, and what came of the bus's answer.
        let answer = |what: &[u8]| {
            let (ours, mut theirs) = UnixStream::pair().unwrap();
            theirs.write_all(what).unwrap();
            theirs.shutdown(std::net::Shutdown::Write).unwrap();
            let outcome = authenticate(&ours);
            drop(ours);
            // A socket closed with the bus's answer unread may lose what we said.
            let mut said = Vec::new();
            let _ = theirs.read_to_end(&mut said);
            (String::from_utf8_lossy(&said).into_owned(), outcome)
        };
        let (said, outcome) = answer(b"OK 0123abcd\r\n");
        assert_eq!(outcome.unwrap(), b"");
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() }.to_string();
        let hex: String = uid.bytes().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(said, format!("\0AUTH EXTERNAL {hex}\r\nBEGIN\r\n"));
        for refusal in [
            &b"REJECTED EXTERNAL\r\n"[..],
            b"\xff\xfe garbage",
            b"",
            &[b'x'; 10_000],
        ] {
            let (said, outcome) = answer(refusal);
            assert!(outcome.is_err());
            assert!(!said.contains("BEGIN"));
        }
    }
}
