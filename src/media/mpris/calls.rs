//! Answers to what callers on the bus ask of the player. A caller may be anyone on the
//! session bus: a call that names something unknown or carries the wrong arguments gets the
//! standard D-Bus error, and nothing a caller sends can stop or hold up the D-Bus thread.

use rustbus::message_builder::{HeaderFlags, MarshalledMessage, MessageType};

use super::super::MediaCommand;
use super::player::{self, Interface, Player, properties};
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
const FAILED: &str = "org.freedesktop.DBus.Error.Failed";

/// The reply to `message`: `None` for anything but a method call, and for a call that asked
/// for no reply.
pub(super) fn answer(player: &Player, message: &MarshalledMessage) -> Option<MarshalledMessage> {
    if message.typ != MessageType::Call {
        return None;
    }
    let reply = respond(player, message).unwrap_or_else(|refusal| refusal.reply_to(message));
    (!HeaderFlags::NoReplyExpected.is_set(message.flags)).then_some(reply)
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

    fn reply_to(&self, call: &MarshalledMessage) -> MarshalledMessage {
        // D-Bus strings never hold a NUL: a name from the call that held one would not be
        // in it (the bus and rustbus refuse such strings).
        let text = self.text.replace('\0', "\u{FFFD}");
        let mut error = call.dynheader.make_error_response(self.name, Some(text));
        // rustbus makes it a method return that names an error: callers read the type.
        error.typ = MessageType::Error;
        error
    }
}

/// A reply with `value` in it, or what kept it out.
fn reply_with(
    call: &MarshalledMessage,
    push: impl FnOnce(&mut MarshalledMessage) -> Result<(), rustbus::wire::errors::MarshalError>,
) -> Result<MarshalledMessage, Refusal> {
    let mut reply = call.dynheader.make_response();
    push(&mut reply).map_err(|error| Refusal::new(FAILED, error.to_string()))?;
    Ok(reply)
}

fn respond(player: &Player, call: &MarshalledMessage) -> Result<MarshalledMessage, Refusal> {
    let header = &call.dynheader;
    let (Some(path), Some(member)) = (header.object.as_deref(), header.member.as_deref()) else {
        return Err(Refusal::new(UNKNOWN_METHOD, "no path or method named"));
    };
    let interface = match header.interface.as_deref() {
        Some(interface) => interface.to_string(),
        // An interface may go unnamed: then the method's name says which it is.
        None => interface_of(member)
            .ok_or_else(|| Refusal::new(UNKNOWN_METHOD, format!("no method {member}")))?
            .to_string(),
    };
    if interface == PEER {
        // Ping and GetMachineId, on any path, as every D-Bus peer answers them.
        return peer(call, member);
    }
    if path != PATH {
        let child = child_on_the_way(path)
            .ok_or_else(|| Refusal::new(UNKNOWN_OBJECT, format!("no object at {path}")))?;
        if (interface.as_str(), member) != (INTROSPECTABLE, "Introspect") {
            return Err(Refusal::new(
                UNKNOWN_INTERFACE,
                format!("{path} has no interface {interface}"),
            ));
        }
        arguments(call, &[])?;
        return reply_with(call, |reply| {
            reply.body.push_param(introspection::parent(child))
        });
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

/// `org.freedesktop.DBus.Peer`: Ping, and GetMachineId from the system's machine id.
fn peer(call: &MarshalledMessage, member: &str) -> Result<MarshalledMessage, Refusal> {
    match member {
        "Ping" => {
            arguments(call, &[])?;
            Ok(call.dynheader.make_response())
        }
        "GetMachineId" => {
            arguments(call, &[])?;
            let id = machine_id()
                .ok_or_else(|| Refusal::new(FAILED, "this machine has no machine id"))?;
            reply_with(call, |reply| reply.body.push_param(id))
        }
        _ => Err(Refusal::new(
            UNKNOWN_METHOD,
            format!("{PEER} has no method {member}"),
        )),
    }
}

/// The machine id where D-Bus keeps it: 32 hex digits.
fn machine_id() -> Option<String> {
    ["/var/lib/dbus/machine-id", "/etc/machine-id"]
        .into_iter()
        .find_map(|path| {
            let bytes =
                crate::files::read(std::path::Path::new(path), crate::files::Kind::Token).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let id = text.trim();
            (id.len() == 32 && id.bytes().all(|byte| byte.is_ascii_hexdigit()))
                .then(|| id.to_string())
        })
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

/// Checks that the call's arguments are of `types`, no more and no fewer (each a single
/// complete type, so their concatenation says the same).
fn arguments(call: &MarshalledMessage, types: &[&str]) -> Result<(), Refusal> {
    if call.get_sig() == types.concat() {
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
    call: &MarshalledMessage,
    interface: &str,
    member: &str,
) -> Result<MarshalledMessage, Refusal> {
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
    let invalid = |error: rustbus::wire::errors::UnmarshalError| {
        Refusal::new(INVALID_ARGS, error.to_string())
    };
    let mut parser = call.body.parser();
    match member {
        "Introspect" => reply_with(call, |reply| reply.body.push_param(introspection::player())),
        "Get" => {
            let (interface, name): (String, String) = parser.get2().map_err(invalid)?;
            let value = player
                .property(mpris_interface(&interface)?, &name)
                .ok_or_else(|| no_property(&interface, &name))?;
            reply_with(call, |reply| reply.body.push_old_param(&value.variant()))
        }
        "GetAll" => {
            let name: String = parser.get().map_err(invalid)?;
            let interface = mpris_interface(&name)?;
            let all: Vec<_> = interface
                .properties
                .iter()
                .filter_map(|(name, _)| Some((name.to_string(), player.property(interface, name)?)))
                .collect();
            reply_with(call, |reply| reply.body.push_old_param(&properties(&all)))
        }
        _ => {
            // Set: every property is read-only.
            let (interface, name): (String, String) = parser.get2().map_err(invalid)?;
            let mpris = mpris_interface(&interface)?;
            match player.property(mpris, &name) {
                Some(_) => Err(Refusal::new(
                    PROPERTY_READ_ONLY,
                    format!("{name} is read-only"),
                )),
                None => Err(no_property(&interface, &name)),
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
    call: &MarshalledMessage,
    interface: &Interface,
    member: &str,
) -> Result<MarshalledMessage, Refusal> {
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
    Ok(call.dynheader.make_response())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::wire;
    use super::player::Value;
    use super::*;
    use crate::play_loop::Event;
    use rustbus::MessageBuilder;
    use rustbus::message_builder::MarshalledMessageBody;
    use rustbus::wire::errors::MarshalError;
    use rustbus::wire::unmarshal::traits::Variant as Read;
    use std::collections::HashMap;
    use std::sync::mpsc::{self, Receiver};

    fn player() -> (Player, Receiver<Event>) {
        let (wake, events) = mpsc::channel();
        (Player::new(wake, 1.0), events)
    }

    /// A call as the player receives it: with a serial, as the bus delivers every message.
    fn call(path: &str, interface: &str, member: &str) -> MarshalledMessage {
        with(path, interface, member, |_| Ok(()))
    }

    /// A call with the arguments `push` writes.
    fn with(
        path: &str,
        interface: &str,
        member: &str,
        push: impl FnOnce(&mut MarshalledMessageBody) -> Result<(), MarshalError>,
    ) -> MarshalledMessage {
        let mut call = MessageBuilder::new()
            .call(member)
            .on(path)
            .with_interface(interface)
            .at("org.mpris.MediaPlayer2.unknot")
            .build();
        push(&mut call.body).unwrap();
        call.dynheader.serial = Some(7);
        call
    }

    /// The error's name, or "ok" for a method return, as the caller reads it.
    fn outcome(reply: Option<MarshalledMessage>) -> String {
        let reply = wire::decode(&wire::encode(&reply.unwrap(), 1).unwrap()).unwrap();
        assert_eq!(reply.dynheader.response_serial, Some(7));
        if reply.typ == MessageType::Error {
            return reply.dynheader.error_name.unwrap();
        }
        assert_eq!(reply.typ, MessageType::Reply);
        assert_eq!(reply.dynheader.error_name, None);
        "ok".to_string()
    }

    fn get(player: &Player, interface: &str, name: &str) -> Option<MarshalledMessage> {
        answer(
            player,
            &with(PATH, PROPERTIES, "Get", |body| {
                body.push_param2(interface, name)
            }),
        )
    }

    /// The text in a variant that is a reply's one argument.
    fn text_in(reply: &MarshalledMessage) -> String {
        assert_eq!(reply.get_sig(), "v");
        let mut parser = reply.body.parser();
        parser.get::<Read>().unwrap().get::<String>().unwrap()
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
        let seek = with(PATH, player::PLAYER.name, "Seek", |body| {
            body.push_param(5_000_000_i64)
        });
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
        assert_eq!(text_in(&reply), "unknot");
        let reply = get(&player, player::PLAYER.name, "PlaybackStatus").unwrap();
        assert_eq!(text_in(&reply), "Stopped");
        let all = answer(
            &player,
            &with(PATH, PROPERTIES, "GetAll", |body| {
                body.push_param(player::PLAYER.name)
            }),
        )
        .unwrap();
        assert_eq!(all.get_sig(), "a{sv}");
        // What the bus carries reads back whole.
        let all = wire::decode(&wire::encode(&all, 9).unwrap()).unwrap();
        let mut parser = all.body.parser();
        let all = parser.get::<HashMap<String, Read>>().unwrap();
        assert_eq!(all.len(), player::PLAYER.properties.len());
        assert_eq!(all["CanSeek"].get::<bool>(), Ok(false));
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
                    &with(PATH, PROPERTIES, "Set", |body| {
                        body.push_param2(player::PLAYER.name, "Rate")?;
                        body.push_old_param(&Value::Double(2.0).variant())
                    }),
                ),
                PROPERTY_READ_ONLY,
            ),
            (
                answer(
                    &player,
                    &with(PATH, player::PLAYER.name, "Seek", |body| {
                        body.push_param("far")
                    }),
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
                    &with(PATH, player::PLAYER.name, "Next", |body| {
                        body.push_param(1_u8)
                    }),
                ),
                INVALID_ARGS,
            ),
            (
                answer(
                    &player,
                    &with(PATH, PROPERTIES, "Get", |body| body.push_param("only one")),
                ),
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
            reply.body.parser().get::<String>().unwrap()
        };
        assert!(introspect("/").contains(r#"<node name="org"/>"#));
        assert!(introspect("/org/mpris").contains(r#"<node name="MediaPlayer2"/>"#));
        assert!(introspect(PATH).contains(r#"<method name="PlayPause"/>"#));
        let ping = call("/anywhere", PEER, "Ping");
        assert_eq!(outcome(answer(&player, &ping)), "ok");
        let id = answer(&player, &call("/", PEER, "GetMachineId")).unwrap();
        if id.typ == MessageType::Reply {
            assert_eq!(id.body.parser().get::<String>().unwrap().len(), 32);
        }
    }

    #[test]
    fn a_call_that_asks_for_no_reply_gets_none_and_is_carried_out() {
        let (player, events) = player();
        let mut next = call(PATH, player::PLAYER.name, "Next");
        HeaderFlags::NoReplyExpected.set(&mut next.flags);
        assert!(answer(&player, &next).is_none());
        assert!(matches!(
            events.try_recv(),
            Ok(Event::Media(MediaCommand::Next))
        ));
    }

    #[test]
    fn a_message_of_a_type_unknown_to_the_library_is_ignored() {
        let mut bytes = wire::encode(&call(PATH, player::PLAYER.name, "Next"), 7).unwrap();
        bytes[1] = 9;
        assert!(wire::decode(&bytes).is_none(), "never reaches the player");
        // Nor does anything but a call get an answer.
        let (player, events) = player();
        let mut signal = call(PATH, player::PLAYER.name, "Next");
        signal.typ = MessageType::Signal;
        assert!(answer(&player, &signal).is_none());
        assert!(events.try_recv().is_err());
    }
}
