//! What the player is on the bus: the two MPRIS interfaces (their methods and properties, one
//! table for answering and introspection alike), the properties' values as things stand, and
//! the PropertiesChanged signal for a change of part or pause.

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::time::Duration;

use dbus::arg::{PropMap, RefArg, Variant};
use dbus::blocking::stdintf::org_freedesktop_dbus::PropertiesPropertiesChanged;
use dbus::message::SignalArgs;
use dbus::{Message, Path};

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

/// A property's value, as the bus carries it.
pub(super) type Value = Variant<Box<dyn RefArg>>;

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
    pub fn update(&mut self, update: Update) -> Option<Message> {
        let before = self.current.replace(update);
        let now = &self.current.as_ref()?.now;
        let status_changed = before
            .as_ref()
            .is_none_or(|b| b.now.playback != now.playback);
        let part_changed = before
            .as_ref()
            .is_none_or(|b| b.now.part != now.part || b.now.length != now.length);
        let mut changed = PropMap::new();
        for (changed_here, name) in [
            (status_changed, "PlaybackStatus"),
            (part_changed, "Metadata"),
        ] {
            if let Some(value) = changed_here.then(|| self.property(&PLAYER, name)).flatten() {
                changed.insert(name.to_string(), value);
            }
        }
        if changed.is_empty() {
            return None;
        }
        let signal = PropertiesPropertiesChanged {
            interface_name: PLAYER.name.to_string(),
            changed_properties: changed,
            invalidated_properties: Vec::new(),
        };
        Some(signal.to_emit_message(&Path::from(PATH)))
    }

    /// The property `name` of `interface` as it stands now; `None` for one it does not have.
    pub fn property(&self, interface: &Interface, name: &str) -> Option<Value> {
        let value: Box<dyn RefArg> = match (interface.name, name) {
            (ROOT_NAME, "CanQuit" | "CanRaise" | "HasTrackList") => Box::new(false),
            (ROOT_NAME, "Identity") => Box::new("unknot".to_string()),
            (ROOT_NAME, "SupportedUriSchemes" | "SupportedMimeTypes") => {
                Box::new(Vec::<String>::new())
            }
            (PLAYER_NAME, "PlaybackStatus") => {
                let playback = self.current.as_ref().map(|u| u.now.playback);
                Box::new(playback.unwrap_or(Playback::Stopped).as_str().to_string())
            }
            (PLAYER_NAME, "Rate" | "MinimumRate" | "MaximumRate") => Box::new(self.speed),
            (PLAYER_NAME, "Metadata") => {
                Box::new(self.current.as_ref().map(metadata).unwrap_or_default())
            }
            (PLAYER_NAME, "Position") => Box::new(self.position()),
            (
                PLAYER_NAME,
                "CanGoNext" | "CanGoPrevious" | "CanPlay" | "CanPause" | "CanControl",
            ) => Box::new(true),
            (PLAYER_NAME, "CanSeek") => Box::new(false),
            _ => return None,
        };
        Some(Variant(value))
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
fn metadata(update: &Update) -> PropMap {
    let now = &update.now;
    let track = match now.part {
        Some(part) => format!("/org/unknot/part/{part}"),
        None => "/org/mpris/MediaPlayer2/TrackList/NoTrack".to_string(),
    };
    let track: Box<dyn RefArg> = match Path::new(track) {
        Ok(path) => Box::new(path),
        Err(_) => Box::new(String::new()),
    };
    let mut entries: Vec<(&str, Box<dyn RefArg>)> = vec![
        ("mpris:trackid", track),
        ("xesam:album", Box::new(bus_text(&now.album))),
    ];
    if now.part.is_some() {
        entries.push(("mpris:length", Box::new(micros(now.length))));
        entries.push(("xesam:title", Box::new(bus_text(&now.title))));
        if !now.artist.is_empty() {
            entries.push(("xesam:artist", Box::new(vec![bus_text(&now.artist)])));
        }
    }
    entries
        .into_iter()
        .map(|(key, value)| (key.to_string(), Variant(value)))
        .collect::<HashMap<_, _>>()
}

/// A routine's text as a D-Bus string: libdbus takes C strings, so a NUL (which a routine from a
/// stranger may hold) would cut it short; it becomes U+FFFD.
fn bus_text(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::media::NowPlaying;
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

    /// The names of the properties a PropertiesChanged signal carries.
    fn changed(signal: &Message) -> Vec<String> {
        let (interface, changed, invalidated): (String, PropMap, Vec<String>) =
            signal.read3().unwrap();
        assert_eq!(interface, PLAYER.name);
        assert!(invalidated.is_empty());
        let mut names: Vec<String> = changed.into_keys().collect();
        names.sort();
        names
    }

    #[test]
    fn every_property_in_the_table_has_a_value_of_its_type() {
        let player = Player::new(mpsc::channel().0, 1.0);
        for interface in INTERFACES {
            for (name, signature) in interface.properties {
                let value = player.property(interface, name).unwrap();
                assert_eq!(&*value.0.signature(), *signature, "{name}");
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
        let text = |key: &str| metadata[key].0.as_str().unwrap().to_string();
        assert_eq!(text("mpris:trackid"), "/org/unknot/part/2");
        assert_eq!(text("xesam:title"), "Calf roll");
        assert_eq!(text("xesam:album"), "Calves");
        assert_eq!(metadata["mpris:length"].0.as_i64(), Some(30_000_000));
        assert_eq!(&*metadata["xesam:artist"].0.signature(), "as");
        let stopped = super::metadata(&playing(None, Playback::Stopped));
        let mut keys: Vec<&String> = stopped.keys().collect();
        keys.sort();
        assert_eq!(keys, ["mpris:trackid", "xesam:album"]);
    }

    #[test]
    fn a_nul_in_a_routine_s_text_is_replaced_not_cut_at() {
        let mut update = playing(Some(0), Playback::Playing);
        update.now.title = "Calf\0roll \u{FFFE}\u{FDD0}\u{10FFFF} ✓".to_string();
        let mut player = Player::new(mpsc::channel().0, 1.0);
        let mut signal = player.update(update).unwrap();
        signal.set_serial(1);
        let (_, changed, _): (String, PropMap, Vec<String>) = signal.read3().unwrap();
        let metadata = changed["Metadata"].0.as_iter().unwrap().collect::<Vec<_>>();
        let title = metadata
            .chunks(2)
            .find(|entry| entry[0].as_str() == Some("xesam:title"))
            .and_then(|entry| entry[1].as_str())
            .unwrap();
        assert_eq!(title, "Calf\u{FFFD}roll \u{FFFE}\u{FDD0}\u{10FFFF} ✓");
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
