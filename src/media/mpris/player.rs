//! What the player is on the bus: the two MPRIS interfaces (their methods and properties, one
//! table for answering and introspection alike), the properties' values as things stand, and
//! the PropertiesChanged signal for a change of part or pause.

use std::sync::mpsc::Sender;
use std::time::Duration;

use rustbus::MessageBuilder;
use rustbus::message_builder::MarshalledMessage;
use rustbus::params::{Array, Base, Container, Dict, Param, Variant};
use rustbus::signature;

use super::super::{MediaCommand, Playback, Update};
use super::PATH;
use crate::play_loop::Event;

/// An MPRIS interface: its methods (name, arguments as `(name, D-Bus type)`) and its
/// properties (name, D-Bus type), all of them read-only.
pub(super) struct Interface {
    pub name: &'static str,
    pub methods: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    pub properties: &'static [(&'static str, &'static str)],
}

const ROOT_NAME: &str = "org.mpris.MediaPlayer2";
const PLAYER_NAME: &str = "org.mpris.MediaPlayer2.Player";

pub(super) const ROOT: Interface = Interface {
    name: ROOT_NAME,
    methods: &[("Raise", &[]), ("Quit", &[])],
    properties: &[
        ("CanQuit", "b"),
        ("CanRaise", "b"),
        ("HasTrackList", "b"),
        ("Identity", "s"),
        ("SupportedUriSchemes", "as"),
        ("SupportedMimeTypes", "as"),
    ],
};

pub(super) const PLAYER: Interface = Interface {
    name: PLAYER_NAME,
    methods: &[
        ("Next", &[]),
        ("Previous", &[]),
        ("Pause", &[]),
        ("PlayPause", &[]),
        ("Stop", &[]),
        ("Play", &[]),
        // A session's time is not seekable (`CanSeek` is false): these three do nothing.
        ("Seek", &[("Offset", "x")]),
        ("SetPosition", &[("TrackId", "o"), ("Position", "x")]),
        ("OpenUri", &[("Uri", "s")]),
    ],
    properties: &[
        ("PlaybackStatus", "s"),
        ("Rate", "d"),
        ("MinimumRate", "d"),
        ("MaximumRate", "d"),
        ("Metadata", "a{sv}"),
        ("Position", "x"),
        ("CanGoNext", "b"),
        ("CanGoPrevious", "b"),
        ("CanPlay", "b"),
        ("CanPause", "b"),
        ("CanSeek", "b"),
        ("CanControl", "b"),
    ],
};

pub(super) const INTERFACES: [&Interface; 2] = [&ROOT, &PLAYER];

pub(super) fn interface(name: &str) -> Option<&'static Interface> {
    INTERFACES.into_iter().find(|i| i.name == name)
}

/// A property's value: what the bus carries inside a variant.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Bool(bool),
    Text(String),
    Texts(Vec<String>),
    Double(f64),
    Int(i64),
    Path(String),
    /// `a{sv}`, in this order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// Its D-Bus type.
    pub fn signature(&self) -> &'static str {
        match self {
            Value::Bool(_) => "b",
            Value::Text(_) => "s",
            Value::Texts(_) => "as",
            Value::Double(_) => "d",
            Value::Int(_) => "x",
            Value::Path(_) => "o",
            Value::Map(_) => "a{sv}",
        }
    }

    /// As rustbus writes it.
    pub fn param(&self) -> Param<'static, 'static> {
        let base = match self {
            Value::Bool(value) => Base::Boolean(*value),
            Value::Text(value) => Base::String(value.clone()),
            Value::Double(value) => Base::Double(value.to_bits()),
            Value::Int(value) => Base::Int64(*value),
            Value::Path(value) => Base::ObjectPath(value.clone()),
            Value::Texts(values) => {
                return Param::Container(Container::Array(Array {
                    element_sig: signature::Type::Base(signature::Base::String),
                    values: values
                        .iter()
                        .map(|value| Param::Base(Base::String(value.clone())))
                        .collect(),
                }));
            }
            Value::Map(entries) => return properties(entries),
        };
        Param::Base(base)
    }

    /// Inside a variant, as a property's value is carried.
    pub fn variant(&self) -> Param<'static, 'static> {
        let sig = signature::Type::parse_description(self.signature())
            .ok()
            .and_then(|mut types| types.pop())
            .unwrap_or(signature::Type::Container(signature::Container::Variant));
        Param::Container(Container::Variant(Box::new(Variant {
            sig,
            value: self.param(),
        })))
    }
}

/// An `a{sv}`: names and values.
pub(super) fn properties(entries: &[(String, Value)]) -> Param<'static, 'static> {
    Param::Container(Container::Dict(Dict {
        key_sig: signature::Base::String,
        value_sig: signature::Type::Container(signature::Container::Variant),
        map: entries
            .iter()
            .map(|(name, value)| (Base::String(name.clone()), value.variant()))
            .collect(),
    }))
}

/// The player: where its commands go, and how things stood at the loop's last update.
pub(super) struct Player {
    wake: Sender<Event>,
    speed: f64,
    current: Option<Update>,
}

impl Player {
    pub fn new(wake: Sender<Event>, speed: f64) -> Player {
        Player {
            wake,
            speed,
            current: None,
        }
    }

    /// Hands a command to the loop, as a key press would be.
    pub fn command(&self, command: MediaCommand) {
        // The loop is gone only when the session is over.
        let _ = self.wake.send(Event::Media(command));
    }

    /// Takes the loop's update; the PropertiesChanged signal for the properties it changed
    /// (the playback status, the metadata), if any.
    pub fn update(&mut self, update: Update) -> Option<MarshalledMessage> {
        let before = self.current.replace(update);
        let now = &self.current.as_ref()?.now;
        let status_changed = before
            .as_ref()
            .is_none_or(|b| b.now.playback != now.playback);
        let part_changed = before
            .as_ref()
            .is_none_or(|b| b.now.part != now.part || b.now.length != now.length);
        let mut changed = Vec::new();
        for (changed_here, name) in [
            (status_changed, "PlaybackStatus"),
            (part_changed, "Metadata"),
        ] {
            if let Some(value) = changed_here.then(|| self.property(&PLAYER, name)).flatten() {
                changed.push((name.to_string(), value));
            }
        }
        if changed.is_empty() {
            return None;
        }
        let mut signal = MessageBuilder::new()
            .signal("org.freedesktop.DBus.Properties", "PropertiesChanged", PATH)
            .build();
        signal.body.push_param(PLAYER.name).ok()?;
        signal.body.push_old_param(&properties(&changed)).ok()?;
        signal.body.push_param(&[] as &[&str]).ok()?;
        Some(signal)
    }

    /// The property `name` of `interface` as it stands now; `None` for one it does not have.
    pub fn property(&self, interface: &Interface, name: &str) -> Option<Value> {
        Some(match (interface.name, name) {
            (ROOT_NAME, "CanQuit" | "CanRaise" | "HasTrackList") => Value::Bool(false),
            (ROOT_NAME, "Identity") => Value::Text("unknot".to_string()),
            (ROOT_NAME, "SupportedUriSchemes" | "SupportedMimeTypes") => Value::Texts(Vec::new()),
            (PLAYER_NAME, "PlaybackStatus") => {
                let playback = self.current.as_ref().map(|u| u.now.playback);
                Value::Text(playback.unwrap_or(Playback::Stopped).as_str().to_string())
            }
            (PLAYER_NAME, "Rate" | "MinimumRate" | "MaximumRate") => Value::Double(self.speed),
            (PLAYER_NAME, "Metadata") => {
                Value::Map(self.current.as_ref().map(metadata).unwrap_or_default())
            }
            (PLAYER_NAME, "Position") => Value::Int(self.position()),
            (
                PLAYER_NAME,
                "CanGoNext" | "CanGoPrevious" | "CanPlay" | "CanPause" | "CanControl",
            ) => Value::Bool(true),
            (PLAYER_NAME, "CanSeek") => Value::Bool(false),
            _ => return None,
        })
    }

    /// Computed when asked, from the last update and the time since: no signal every second.
    fn position(&self) -> i64 {
        let Some(update) = &self.current else {
            return 0;
        };
        let mut position = update.now.position;
        if update.now.playback == Playback::Playing {
            position += update.at.elapsed().mul_f64(self.speed);
        }
        micros(position.min(update.now.length))
    }
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// The MPRIS metadata of what is playing.
fn metadata(update: &Update) -> Vec<(String, Value)> {
    let now = &update.now;
    let track = match now.part {
        Some(part) => format!("/org/unknot/part/{part}"),
        None => "/org/mpris/MediaPlayer2/TrackList/NoTrack".to_string(),
    };
    let mut entries = vec![
        ("mpris:trackid", Value::Path(track)),
        ("xesam:album", Value::Text(bus_text(&now.album))),
    ];
    if now.part.is_some() {
        entries.push(("mpris:length", Value::Int(micros(now.length))));
        entries.push(("xesam:title", Value::Text(bus_text(&now.title))));
        if !now.artist.is_empty() {
            entries.push(("xesam:artist", Value::Texts(vec![bus_text(&now.artist)])));
        }
    }
    entries
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect()
}

/// A routine's text as a D-Bus string: D-Bus strings hold no NUL (which a routine from a
/// stranger may), and the bus drops a message that carries one; it becomes U+FFFD.
fn bus_text(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::wire;
    use super::*;
    use crate::media::NowPlaying;
    use rustbus::wire::unmarshal::traits::Variant as Read;
    use std::collections::HashMap;
    use std::sync::mpsc;
    use std::time::Instant;

    fn playing(part: Option<usize>, playback: Playback) -> Update {
        Update {
            now: NowPlaying {
                playback,
                part,
                title: "Calf roll".to_string(),
                artist: "right · spot 2 of 3".to_string(),
                album: "Calves".to_string(),
                length: Duration::from_secs(30),
                position: Duration::from_secs(5),
            },
            at: Instant::now(),
        }
    }

    /// The changed properties of a signal, as a caller reads them: each name with the
    /// signature of its value, and the title in the metadata, if there is one.
    fn read_back(signal: &MarshalledMessage) -> (Vec<String>, Option<String>) {
        let signal = wire::decode(&wire::encode(signal, 1).unwrap()).unwrap();
        assert_eq!(signal.get_sig(), "sa{sv}as");
        let mut parser = signal.body.parser();
        let (interface, changed, invalidated) = parser
            .get3::<String, HashMap<String, Read>, Vec<String>>()
            .unwrap();
        assert_eq!(interface, PLAYER.name);
        assert!(invalidated.is_empty());
        let title = changed.get("Metadata").map(|metadata| {
            let metadata = metadata.get::<HashMap<String, Read>>().unwrap();
            metadata["xesam:title"].get::<String>().unwrap()
        });
        let mut names: Vec<String> = changed.into_keys().collect();
        names.sort();
        (names, title)
    }

    /// The names of the properties a PropertiesChanged signal carries.
    fn changed(signal: &MarshalledMessage) -> Vec<String> {
        read_back(signal).0
    }

    #[test]
    fn every_property_in_the_table_has_a_value_of_its_type() {
        let player = Player::new(mpsc::channel().0, 1.0);
        for interface in INTERFACES {
            for (name, signature) in interface.properties {
                let value = player.property(interface, name).unwrap();
                assert_eq!(value.signature(), *signature, "{name}");
                let mut written = MarshalledMessage::new();
                written.body.push_old_param(&value.variant()).unwrap();
                assert_eq!(written.get_sig(), "v");
                written.body.validate().unwrap();
            }
        }
        assert!(player.property(&PLAYER, "Volume").is_none());
        assert!(player.property(&ROOT, "PlaybackStatus").is_none());
    }

    #[test]
    fn the_bus_is_told_of_a_new_part_or_pause_and_nothing_else() {
        let mut player = Player::new(mpsc::channel().0, 1.0);
        let first = player.update(playing(Some(0), Playback::Playing)).unwrap();
        assert_eq!(changed(&first), ["Metadata", "PlaybackStatus"]);
        assert!(player.update(playing(Some(0), Playback::Playing)).is_none());
        let paused = player.update(playing(Some(0), Playback::Paused)).unwrap();
        assert_eq!(changed(&paused), ["PlaybackStatus"]);
        let next = player.update(playing(Some(1), Playback::Paused)).unwrap();
        assert_eq!(changed(&next), ["Metadata"]);
    }

    #[test]
    fn metadata_names_the_part_its_side_the_routine_and_its_length() {
        let metadata = metadata(&playing(Some(2), Playback::Playing));
        let value = |key: &str| {
            metadata
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
                .unwrap()
        };
        assert_eq!(
            value("mpris:trackid"),
            Value::Path("/org/unknot/part/2".into())
        );
        assert_eq!(value("xesam:title"), Value::Text("Calf roll".into()));
        assert_eq!(value("xesam:album"), Value::Text("Calves".into()));
        assert_eq!(value("mpris:length"), Value::Int(30_000_000));
        assert_eq!(value("xesam:artist").signature(), "as");
        let stopped = super::metadata(&playing(None, Playback::Stopped));
        let mut keys: Vec<&String> = stopped.iter().map(|(key, _)| key).collect();
        keys.sort();
        assert_eq!(keys, ["mpris:trackid", "xesam:album"]);
    }

    #[test]
    fn a_nul_in_a_routine_s_text_is_replaced_not_cut_at() {
        let mut update = playing(Some(0), Playback::Playing);
        update.now.title = "Calf\0roll \u{FFFE}\u{FDD0}\u{10FFFF} ✓".to_string();
        let mut player = Player::new(mpsc::channel().0, 1.0);
        let signal = player.update(update).unwrap();
        assert_eq!(
            read_back(&signal).1.unwrap(),
            "Calf\u{FFFD}roll \u{FFFE}\u{FDD0}\u{10FFFF} ✓"
        );
    }

    #[test]
    fn the_position_runs_while_playing_and_stands_while_paused() {
        let mut player = Player::new(mpsc::channel().0, 2.0);
        assert_eq!(player.position(), 0);
        let mut update = playing(Some(0), Playback::Paused);
        update.at -= Duration::from_secs(3);
        player.update(update);
        assert_eq!(player.position(), 5_000_000);
        let mut update = playing(Some(0), Playback::Playing);
        update.at -= Duration::from_secs(3);
        player.update(update);
        // 5 s in, then 3 s at speed 2.
        assert!(player.position() >= 11_000_000, "{}", player.position());
        let mut update = playing(Some(0), Playback::Playing);
        update.at -= Duration::from_secs(60);
        player.update(update);
        assert_eq!(player.position(), 30_000_000, "never past the part's end");
    }
}
