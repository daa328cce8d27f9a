//! The D-Bus side of the media controls: `org.mpris.MediaPlayer2.unknot` with the
//! `org.mpris.MediaPlayer2` and `org.mpris.MediaPlayer2.Player` interfaces, on zbus's blocking
//! API. zbus answers calls on its own executor thread; this thread sleeps on the loop's
//! updates and signals what changed (PropertiesChanged).

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use zbus::blocking::Connection;
use zbus::interface;
use zbus::zvariant::{ObjectPath, OwnedValue, Value};

use super::{MediaCommand, Playback, Update};
use crate::play_loop::Event;

const PATH: &str = "/org/mpris/MediaPlayer2";
const NAME: &str = "org.mpris.MediaPlayer2.unknot";

/// Starts the thread that holds the bus connection for as long as `updates` is open.
pub(super) fn spawn(
    updates: Receiver<Update>,
    wake: Sender<Event>,
    speed: f64,
    notice: Arc<Mutex<Option<String>>>,
) {
    let spawned = thread::Builder::new()
        .name("unknot-media".into())
        .spawn(move || {
            if let Err(error) = serve(&updates, wake, speed) {
                // Without a session bus at all (SSH, a console) there is nothing to say: media
                // keys could not have been expected. A bus named but not reachable is worth a line.
                if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
                    *notice.lock().unwrap_or_else(PoisonError::into_inner) =
                        Some(format!("media keys off: {error}"));
                }
            }
        });
    // A thread that cannot start means no media keys; the session plays on.
    drop(spawned);
}

fn serve(updates: &Receiver<Update>, wake: Sender<Event>, speed: f64) -> zbus::Result<()> {
    let shared = Arc::new(Mutex::new(None::<Update>));
    let player = Player {
        wake: Mutex::new(wake),
        shared: shared.clone(),
        speed,
    };
    let connection = zbus::blocking::connection::Builder::session()?
        .serve_at(PATH, Root)?
        .serve_at(PATH, player)?
        .build()?;
    claim_name(&connection)?;
    let player = connection.object_server().interface::<_, Player>(PATH)?;
    for update in updates {
        let before = shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(update.clone());
        let changed_part = before
            .as_ref()
            .is_none_or(|b| b.now.part != update.now.part || b.now.length != update.now.length);
        let changed_status = before
            .as_ref()
            .is_none_or(|b| b.now.playback != update.now.playback);
        let interface = player.get();
        zbus::block_on(async {
            let emitter = player.signal_emitter();
            if changed_status {
                interface.playback_status_changed(emitter).await?;
            }
            if changed_part {
                interface.metadata_changed(emitter).await?;
            }
            zbus::Result::Ok(())
        })?;
    }
    Ok(())
}

/// The well-known name; a second unknot takes an instance name, as MPRIS asks.
fn claim_name(connection: &Connection) -> zbus::Result<()> {
    if connection.request_name(NAME).is_ok() {
        return Ok(());
    }
    connection.request_name(format!("{NAME}.instance{}", std::process::id()))
}

/// `org.mpris.MediaPlayer2`: who the player is.
struct Root;

#[interface(name = "org.mpris.MediaPlayer2")]
impl Root {
    fn raise(&self) {}

    fn quit(&self) {}

    #[zbus(property)]
    fn can_quit(&self) -> bool {
        false
    }

    #[zbus(property)]
    fn can_raise(&self) -> bool {
        false
    }

    #[zbus(property)]
    fn has_track_list(&self) -> bool {
        false
    }

    #[zbus(property)]
    fn identity(&self) -> String {
        "unknot".to_string()
    }

    #[zbus(property)]
    fn supported_uri_schemes(&self) -> Vec<String> {
        Vec::new()
    }

    #[zbus(property)]
    fn supported_mime_types(&self) -> Vec<String> {
        Vec::new()
    }
}

/// `org.mpris.MediaPlayer2.Player`: the controls, and what is playing.
struct Player {
    wake: Mutex<Sender<Event>>,
    shared: Arc<Mutex<Option<Update>>>,
    speed: f64,
}

impl Player {
    fn send(&self, command: MediaCommand) {
        let wake = self.wake.lock().unwrap_or_else(PoisonError::into_inner);
        // The loop is gone only when the session is over.
        let _ = wake.send(Event::Media(command));
    }

    fn current(&self) -> Option<Update> {
        self.shared
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[interface(name = "org.mpris.MediaPlayer2.Player")]
impl Player {
    fn next(&self) {
        self.send(MediaCommand::Next);
    }

    fn previous(&self) {
        self.send(MediaCommand::Previous);
    }

    fn pause(&self) {
        self.send(MediaCommand::Pause);
    }

    fn play_pause(&self) {
        self.send(MediaCommand::PlayPause);
    }

    fn stop(&self) {
        self.send(MediaCommand::Stop);
    }

    fn play(&self) {
        self.send(MediaCommand::Play);
    }

    /// A session's time is not seekable (`CanSeek` is false).
    fn seek(&self, _offset: i64) {}

    fn set_position(&self, _track: ObjectPath<'_>, _position: i64) {}

    fn open_uri(&self, _uri: &str) {}

    #[zbus(property)]
    fn playback_status(&self) -> String {
        self.current()
            .map_or(Playback::Stopped, |u| u.now.playback)
            .as_str()
            .to_string()
    }

    #[zbus(property)]
    fn rate(&self) -> f64 {
        self.speed
    }

    #[zbus(property)]
    fn minimum_rate(&self) -> f64 {
        self.speed
    }

    #[zbus(property)]
    fn maximum_rate(&self) -> f64 {
        self.speed
    }

    #[zbus(property)]
    fn metadata(&self) -> HashMap<String, OwnedValue> {
        let Some(update) = self.current() else {
            return HashMap::new();
        };
        metadata(&update)
    }

    /// Read when asked, from the last update and the time since: no signal every second.
    #[zbus(property)]
    fn position(&self) -> i64 {
        let Some(update) = self.current() else {
            return 0;
        };
        let mut position = update.now.position;
        if update.now.playback == Playback::Playing {
            position += update.at.elapsed().mul_f64(self.speed);
        }
        micros(position.min(update.now.length))
    }

    #[zbus(property)]
    fn can_go_next(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn can_go_previous(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn can_play(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn can_pause(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn can_seek(&self) -> bool {
        false
    }

    #[zbus(property)]
    fn can_control(&self) -> bool {
        true
    }
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// The MPRIS metadata of what is playing.
fn metadata(update: &Update) -> HashMap<String, OwnedValue> {
    let now = &update.now;
    let track = match now.part {
        Some(part) => format!("/org/unknot/part/{part}"),
        None => "/org/mpris/MediaPlayer2/TrackList/NoTrack".to_string(),
    };
    let mut entries: Vec<(&str, Value<'_>)> = vec![
        (
            "mpris:trackid",
            ObjectPath::try_from(track.as_str())
                .map(Value::from)
                .unwrap_or_else(|_| Value::from("")),
        ),
        ("xesam:album", Value::from(now.album.as_str())),
    ];
    if now.part.is_some() {
        entries.push(("mpris:length", Value::from(micros(now.length))));
        entries.push(("xesam:title", Value::from(now.title.as_str())));
        if !now.artist.is_empty() {
            entries.push(("xesam:artist", Value::from(vec![now.artist.as_str()])));
        }
    }
    entries
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_string(), value.try_to_owned().ok()?)))
        .collect()
}
