//! Reaching the session bus and taking the player's name on it.

use std::time::Duration;

use dbus::Message;
use dbus::channel::Channel;

/// The well-known name; a second unknot takes `NAME.instance<PID>`, as MPRIS asks.
const NAME: &str = "org.mpris.MediaPlayer2.unknot";

/// How long the bus may take to answer while the connection is set up (on the D-Bus thread,
/// so nothing else waits for it).
const SETUP: Duration = Duration::from_secs(5);

/// Connects to the session bus and takes the player's name: the connection, ready for
/// poll(2) on its socket.
pub(super) fn connect() -> Result<Channel, String> {
    let mut channel = Channel::open_private(&session_address()).map_err(|e| e.to_string())?;
    channel.register().map_err(|e| e.to_string())?;
    if !request_name(&channel, NAME)? {
        let instance = format!("{NAME}.instance{}", std::process::id());
        if !request_name(&channel, &instance)? {
            return Err(format!("{instance} is taken"));
        }
    }
    channel.set_watch_enabled(true);
    Ok(channel)
}

/// The session bus's address: `DBUS_SESSION_BUS_ADDRESS`, else the user's bus socket in
/// `XDG_RUNTIME_DIR` (or `/run/user/UID`), as other D-Bus clients find it. Never libdbus's own
/// last resort, which starts a bus daemon through X11 (`autolaunch:`).
fn session_address() -> String {
    if let Ok(address) = std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        return address;
    }
    let runtime = std::env::var("XDG_RUNTIME_DIR").unwrap_or_else(|_| {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() };
        format!("/run/user/{uid}")
    });
    format!("unix:path={}", escape(&format!("{runtime}/bus")))
}

/// A value in a D-Bus address: bytes other than `[-0-9A-Za-z_/.\*]` as `%XX`.
fn escape(value: &str) -> String {
    value
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_/.\\*".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02x}")
            }
        })
        .collect()
}

/// Asks the bus for `name` without queueing for it: true once the name is ours.
fn request_name(channel: &Channel, name: &str) -> Result<bool, String> {
    const REPLACE_EXISTING: u32 = 0x2;
    const DO_NOT_QUEUE: u32 = 0x4;
    const PRIMARY_OWNER: u32 = 1;
    const ALREADY_OWNER: u32 = 4;
    let call = Message::new_method_call(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "RequestName",
    )?
    .append2(name, REPLACE_EXISTING | DO_NOT_QUEUE);
    let reply = channel
        .send_with_reply_and_block(call, SETUP)
        .map_err(|e| e.to_string())?;
    let answer: u32 = reply.read1().map_err(|e| e.to_string())?;
    Ok(answer == PRIMARY_OWNER || answer == ALREADY_OWNER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_escapes_what_it_must() {
        assert_eq!(escape("/run/user/1000/bus"), "/run/user/1000/bus");
        assert_eq!(escape("/tmp/a b;c=d,é"), "/tmp/a%20b%3bc%3dd%2c%c3%a9");
    }
}
