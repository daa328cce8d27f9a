//! Answers to what callers on the bus ask of the player. A caller may be anyone on the
//! session bus: a call that names something unknown or carries the wrong arguments gets the
//! standard D-Bus error, and nothing a caller sends can stop or hold up the D-Bus thread.

use std::ffi::CString;

use dbus::Message;
use dbus::arg::{ArgType, PropMap};
use dbus::strings::ErrorName;

use super::super::MediaCommand;
use super::player::{self, Interface, Player};
use super::{PATH, introspection};

const PEER: &str = "org.freedesktop.DBus.Peer";
const INTROSPECTABLE: &str = "org.freedesktop.DBus.Introspectable";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";

/// The standard interfaces' methods the player answers, with their arguments' types.
const STANDARD: [(&str, &str, &[&str]); 4] = [
    (INTROSPECTABLE, "Introspect", &[]),
    (PROPERTIES, "Get", &["s", "s"]),
    (PROPERTIES, "GetAll", &["s"]),
    (PROPERTIES, "Set", &["s", "s", "v"]),
];

const UNKNOWN_OBJECT: &str = "org.freedesktop.DBus.Error.UnknownObject";
const UNKNOWN_INTERFACE: &str = "org.freedesktop.DBus.Error.UnknownInterface";
const UNKNOWN_METHOD: &str = "org.freedesktop.DBus.Error.UnknownMethod";
const UNKNOWN_PROPERTY: &str = "org.freedesktop.DBus.Error.UnknownProperty";
const PROPERTY_READ_ONLY: &str = "org.freedesktop.DBus.Error.PropertyReadOnly";
const INVALID_ARGS: &str = "org.freedesktop.DBus.Error.InvalidArgs";

/// The reply to `message`: `None` for anything but a method call, and for a call that asked
/// for no reply.
pub(super) fn answer(player: &Player, message: &Message) -> Option<Message> {
    if !is_method_call(message) {
        return None;
    }
    let reply = respond(player, message).unwrap_or_else(|refusal| refusal.reply_to(message));
    (!message.get_no_reply()).then_some(reply)
}

/// Whether `message` is a method call, by its header's second byte. `Message::msg_type` panics
/// on a type newer than the four it knows, which the specification says to ignore (dbus-daemon
/// drops such messages; another bus or a peer may pass them on).
fn is_method_call(message: &Message) -> bool {
    const METHOD_CALL: u8 = 1;
    let mut kind = None;
    let _ = message.marshal(|bytes| {
        kind = kind.or(bytes.get(1).copied());
        Ok::<(), ()>(())
    });
    kind == Some(METHOD_CALL)
}

/// A D-Bus error: its name and what it says.
struct Refusal {
    name: &'static str,
    text: String,
}

impl Refusal {
    fn new(name: &'static str, text: impl Into<String>) -> Refusal {
        Refusal {
            name,
            text: text.into(),
        }
    }

    fn reply_to(&self, call: &Message) -> Message {
        // D-Bus strings never hold a NUL, and neither do the texts made here.
        let text = CString::new(self.text.clone()).unwrap_or_default();
        call.error(&ErrorName::from(self.name), &text)
    }
}

fn respond(player: &Player, call: &Message) -> Result<Message, Refusal> {
    let (Some(path), Some(member)) = (call.path(), call.member()) else {
        return Err(Refusal::new(UNKNOWN_METHOD, "no path or method named"));
    };
    let member: &str = &member;
    let interface = match call.interface() {
        Some(interface) => interface.to_string(),
        // An interface may go unnamed: then the method's name says which it is.
        None => interface_of(member)
            .ok_or_else(|| Refusal::new(UNKNOWN_METHOD, format!("no method {member}")))?
            .to_string(),
    };
    if interface == PEER {
        // Ping and GetMachineId, on any path, as libdbus answers them.
        return dbus::channel::default_reply(call)
            .ok_or_else(|| Refusal::new(UNKNOWN_METHOD, format!("no method {member}")));
    }
    if &*path != PATH {
        let child = child_on_the_way(&path)
            .ok_or_else(|| Refusal::new(UNKNOWN_OBJECT, format!("no object at {}", &*path)))?;
        if (interface.as_str(), member) != (INTROSPECTABLE, "Introspect") {
            return Err(Refusal::new(
                UNKNOWN_INTERFACE,
                format!("{} has no interface {interface}", &*path),
            ));
        }
        arguments(call, &[])?;
        return Ok(call.method_return().append1(introspection::parent(child)));
    }
    match interface.as_str() {
        INTROSPECTABLE | PROPERTIES => standard(player, call, &interface, member),
        _ => match player::interface(&interface) {
            Some(mpris) => method(player, call, mpris, member),
            None => Err(Refusal::new(
                UNKNOWN_INTERFACE,
                format!("no interface {interface}"),
            )),
        },
    }
}

/// The interface that has a method of this name.
fn interface_of(member: &str) -> Option<&'static str> {
    let standard = STANDARD
        .iter()
        .find(|(_, name, _)| *name == member)
        .map(|(interface, _, _)| *interface);
    let mpris = player::INTERFACES
        .into_iter()
        .find(|i| i.methods.iter().any(|(name, _)| *name == member))
        .map(|i| i.name);
    let peer = ["Ping", "GetMachineId"].contains(&member).then_some(PEER);
    standard.or(mpris).or(peer)
}

/// For a path on the way to the player's (`/`, `/org`, `/org/mpris`), the next name on it.
fn child_on_the_way(path: &str) -> Option<&'static str> {
    let rest = if path == "/" {
        PATH.strip_prefix('/')?
    } else {
        PATH.strip_prefix(path)?.strip_prefix('/')?
    };
    rest.split('/').next()
}

/// Checks that the call's arguments are of `types`, no more and no fewer.
fn arguments(call: &Message, types: &[&str]) -> Result<(), Refusal> {
    let mut args = call.iter_init();
    let mut found = Vec::new();
    while args.arg_type() != ArgType::Invalid && found.len() <= types.len() {
        found.push(args.signature());
        args.next();
    }
    if found.iter().map(|kind| &**kind).eq(types.iter().copied()) {
        Ok(())
    } else {
        Err(Refusal::new(
            INVALID_ARGS,
            format!("the arguments must be ({})", types.concat()),
        ))
    }
}

/// Introspect, and the properties' Get, GetAll and Set.
fn standard(
    player: &Player,
    call: &Message,
    interface: &str,
    member: &str,
) -> Result<Message, Refusal> {
    let Some((_, _, types)) = STANDARD
        .iter()
        .find(|(i, name, _)| *i == interface && *name == member)
    else {
        return Err(Refusal::new(
            UNKNOWN_METHOD,
            format!("{interface} has no method {member}"),
        ));
    };
    arguments(call, types)?;
    let invalid =
        |error: dbus::arg::TypeMismatchError| Refusal::new(INVALID_ARGS, error.to_string());
    match member {
        "Introspect" => Ok(call.method_return().append1(introspection::player())),
        "Get" => {
            let (interface, name): (&str, &str) = call.read2().map_err(invalid)?;
            let value = player
                .property(mpris_interface(interface)?, name)
                .ok_or_else(|| no_property(interface, name))?;
            Ok(call.method_return().append1(value))
        }
        "GetAll" => {
            let interface = mpris_interface(call.read1().map_err(invalid)?)?;
            let all: PropMap = interface
                .properties
                .iter()
                .filter_map(|(name, _)| Some((name.to_string(), player.property(interface, name)?)))
                .collect();
            Ok(call.method_return().append1(all))
        }
        _ => {
            // Set: every property is read-only.
            let (interface, name): (&str, &str) = call.read2().map_err(invalid)?;
            let mpris = mpris_interface(interface)?;
            match player.property(mpris, name) {
                Some(_) => Err(Refusal::new(
                    PROPERTY_READ_ONLY,
                    format!("{name} is read-only"),
                )),
                None => Err(no_property(interface, name)),
            }
        }
    }
}

fn mpris_interface(name: &str) -> Result<&'static Interface, Refusal> {
    player::interface(name)
        .ok_or_else(|| Refusal::new(UNKNOWN_INTERFACE, format!("no interface {name}")))
}

fn no_property(interface: &str, name: &str) -> Refusal {
    Refusal::new(
        UNKNOWN_PROPERTY,
        format!("{interface} has no property {name}"),
    )
}

/// A method of one of the MPRIS interfaces.
fn method(
    player: &Player,
    call: &Message,
    interface: &Interface,
    member: &str,
) -> Result<Message, Refusal> {
    let Some((_, types)) = interface.methods.iter().find(|(name, _)| *name == member) else {
        return Err(Refusal::new(
            UNKNOWN_METHOD,
            format!("{} has no method {member}", interface.name),
        ));
    };
    let types: Vec<&str> = types.iter().map(|(_, kind)| *kind).collect();
    arguments(call, &types)?;
    let command = match member {
        "Next" => Some(MediaCommand::Next),
        "Previous" => Some(MediaCommand::Previous),
        "Pause" => Some(MediaCommand::Pause),
        "PlayPause" => Some(MediaCommand::PlayPause),
        "Stop" => Some(MediaCommand::Stop),
        "Play" => Some(MediaCommand::Play),
        // Raise and Quit (a terminal has no window to raise, and quitting is the runner's
        // call), Seek, SetPosition and OpenUri: nothing to do.
        _ => None,
    };
    if let Some(command) = command {
        player.command(command);
    }
    Ok(call.method_return())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::play_loop::Event;
    use dbus::arg::Variant;
    use std::sync::mpsc::{self, Receiver};

    fn player() -> (Player, Receiver<Event>) {
        let (wake, events) = mpsc::channel();
        (Player::new(wake, 1.0), events)
    }

    /// A call as the player receives it: with a serial (libdbus ends the process when asked
    /// to reply to a message without one, which the bus never delivers).
    fn call(path: &str, interface: &str, member: &str) -> Message {
        let mut call =
            Message::new_method_call("org.mpris.MediaPlayer2.unknot", path, interface, member)
                .unwrap();
        call.set_serial(7);
        call
    }

    /// The error's name, or "ok" for a method return.
    fn outcome(reply: Option<Message>) -> String {
        match reply.unwrap().as_result() {
            Ok(_) => "ok".to_string(),
            Err(error) => error.name().unwrap().to_string(),
        }
    }

    fn get(player: &Player, interface: &str, name: &str) -> Option<Message> {
        answer(
            player,
            &call(PATH, PROPERTIES, "Get").append2(interface, name),
        )
    }

    #[test]
    fn the_controls_reach_the_loop_as_commands() {
        let (player, events) = player();
        for (member, command) in [
            ("PlayPause", MediaCommand::PlayPause),
            ("Next", MediaCommand::Next),
            ("Previous", MediaCommand::Previous),
            ("Stop", MediaCommand::Stop),
        ] {
            let reply = answer(&player, &call(PATH, player::PLAYER.name, member));
            assert_eq!(outcome(reply), "ok");
            assert!(matches!(events.try_recv(), Ok(Event::Media(c)) if c == command));
        }
        // Seek, Raise: answered, and nothing for the loop.
        let seek = call(PATH, player::PLAYER.name, "Seek").append1(5_000_000_i64);
        assert_eq!(outcome(answer(&player, &seek)), "ok");
        assert_eq!(
            outcome(answer(&player, &call(PATH, player::ROOT.name, "Raise"))),
            "ok"
        );
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn properties_are_read_one_at_a_time_or_all_together() {
        let (player, _events) = player();
        let reply = get(&player, player::ROOT.name, "Identity").unwrap();
        let value: Variant<String> = reply.read1().unwrap();
        assert_eq!(value.0, "unknot");
        let reply = get(&player, player::PLAYER.name, "PlaybackStatus").unwrap();
        assert_eq!(reply.read1::<Variant<String>>().unwrap().0, "Stopped");
        let all = answer(
            &player,
            &call(PATH, PROPERTIES, "GetAll").append1(player::PLAYER.name),
        )
        .unwrap();
        let all: PropMap = all.read1().unwrap();
        assert_eq!(all.len(), player::PLAYER.properties.len());
        assert_eq!(all["CanSeek"].0.as_u64(), Some(0));
    }

    #[test]
    fn what_is_unknown_or_malformed_gets_the_standard_error() {
        let (player, events) = player();
        let cases = [
            (
                get(&player, player::PLAYER.name, "Volume"),
                UNKNOWN_PROPERTY,
            ),
            (
                get(&player, "org.example.Nothing", "Identity"),
                UNKNOWN_INTERFACE,
            ),
            (
                answer(
                    &player,
                    &call(PATH, PROPERTIES, "Set").append3(
                        player::PLAYER.name,
                        "Rate",
                        Variant(2.0),
                    ),
                ),
                PROPERTY_READ_ONLY,
            ),
            (
                answer(
                    &player,
                    &call(PATH, player::PLAYER.name, "Seek").append1("far"),
                ),
                INVALID_ARGS,
            ),
            (
                answer(&player, &call(PATH, player::PLAYER.name, "Seek")),
                INVALID_ARGS,
            ),
            (
                answer(
                    &player,
                    &call(PATH, player::PLAYER.name, "Next").append1(1_u8),
                ),
                INVALID_ARGS,
            ),
            (
                answer(&player, &call(PATH, PROPERTIES, "Get").append1("only one")),
                INVALID_ARGS,
            ),
            (
                answer(&player, &call(PATH, player::PLAYER.name, "Shuffle")),
                UNKNOWN_METHOD,
            ),
            (
                answer(&player, &call(PATH, "org.example.Nothing", "Next")),
                UNKNOWN_INTERFACE,
            ),
            (
                answer(
                    &player,
                    &call("/org/mpris/Other", player::PLAYER.name, "Next"),
                ),
                UNKNOWN_OBJECT,
            ),
        ];
        for (reply, expected) in cases {
            assert_eq!(outcome(reply), expected);
        }
        assert!(events.try_recv().is_err(), "no command came of any of them");
    }

    #[test]
    fn introspection_shows_the_way_to_the_player_and_the_player() {
        let (player, _events) = player();
        let introspect = |path| {
            let reply = answer(&player, &call(path, INTROSPECTABLE, "Introspect")).unwrap();
            reply.read1::<String>().unwrap()
        };
        assert!(introspect("/").contains(r#"<node name="org"/>"#));
        assert!(introspect("/org/mpris").contains(r#"<node name="MediaPlayer2"/>"#));
        assert!(introspect(PATH).contains(r#"<method name="PlayPause"/>"#));
        let ping = call("/anywhere", PEER, "Ping");
        assert_eq!(outcome(answer(&player, &ping)), "ok");
    }

    #[test]
    fn a_call_that_asks_for_no_reply_gets_none_and_is_carried_out() {
        let (player, events) = player();
        let mut next = call(PATH, player::PLAYER.name, "Next");
        next.set_no_reply(true);
        assert!(answer(&player, &next).is_none());
        assert!(matches!(
            events.try_recv(),
            Ok(Event::Media(MediaCommand::Next))
        ));
    }

    #[test]
    fn a_message_of_a_type_unknown_to_the_library_is_ignored() {
        let original = call(PATH, player::PLAYER.name, "Next");
        let mut bytes = Vec::new();
        original
            .marshal(|part| {
                bytes.extend_from_slice(part);
                Ok::<(), ()>(())
            })
            .unwrap();
        bytes[1] = 9;
        let Ok(odd) = Message::demarshal(&bytes) else {
            return; // libdbus refuses it outright: nothing can reach the player either.
        };
        let (player, events) = player();
        assert!(answer(&player, &odd).is_none());
        assert!(events.try_recv().is_err());
    }
}
