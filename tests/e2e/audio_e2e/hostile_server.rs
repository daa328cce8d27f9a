//! Sound servers that misbehave, on a real Unix socket, for the tests that a session goes on
//! whatever the server does: one that answers garbage, one that never answers, one that
//! takes the first stream (the one that proves it works) and refuses every later one.

#![allow(dead_code, clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::io::{BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use pulseaudio::protocol::{self, Command, PulseError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Answers the first message with bytes that are no protocol at all.
    Garbage,
    /// Reads everything and never says a word.
    Silent,
    /// Speaks the protocol, takes the first stream, refuses every later one.
    RefusesStreams,
}

/// A server listening at `socket` until dropped.
pub struct HostileServer {
    pub socket: PathBuf,
    stop: Arc<AtomicBool>,
    /// Streams asked for, refused or not.
    pub streams_asked: Arc<AtomicUsize>,
}

impl HostileServer {
    pub fn start(dir: &Path, how: Misbehaviour) -> HostileServer {
        let socket = dir.join("native");
        let listener = UnixListener::bind(&socket).unwrap();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let streams_asked = Arc::new(AtomicUsize::new(0));
        let (stop_, asked) = (stop.clone(), streams_asked.clone());
        std::thread::spawn(move || {
            while !stop_.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        let asked = asked.clone();
                        std::thread::spawn(move || serve(client, how, &asked));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        HostileServer {
            socket,
            stop,
            streams_asked,
        }
    }

    /// `PULSE_SERVER` for it.
    pub fn address(&self) -> String {
        format!("unix:{}", self.socket.display())
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(client: UnixStream, how: Misbehaviour, streams_asked: &AtomicUsize) {
    let mut writer = client.try_clone().unwrap();
    let mut reader = BufReader::new(client);
    match how {
        Misbehaviour::Silent => {
            let mut sink = [0u8; 4096];
            while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
        }
        Misbehaviour::Garbage => {
            let mut first = [0u8; 20];
            let _ = reader.read_exact(&mut first);
            // A descriptor claiming a control message of 4 GB, then noise.
            let mut noise = vec![0xff_u8; 20];
            noise.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
            let _ = writer.write_all(&noise);
            let mut sink = [0u8; 4096];
            while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
        }
        Misbehaviour::RefusesStreams => {
            let v = protocol::MAX_VERSION;
            loop {
                let descriptor = match protocol::read_descriptor(&mut reader) {
                    Ok(d) => d,
                    Err(_) => return,
                };
                let mut payload = vec![0u8; descriptor.length as usize];
                if reader.read_exact(&mut payload).is_err() {
                    return;
                }
                if descriptor.channel != u32::MAX {
                    continue;
                }
                let Ok((tag, command)) =
                    Command::read_tag_prefixed(&mut std::io::Cursor::new(&payload[..]), v)
                else {
                    return;
                };
                let written = match command {
                    Command::Auth(_) => protocol::write_reply_message(
                        &mut writer,
                        tag,
                        &protocol::AuthReply {
                            version: v,
                            ..Default::default()
                        },
                        v,
                    ),
                    Command::SetClientName(_) => protocol::write_reply_message(
                        &mut writer,
                        tag,
                        &protocol::SetClientNameReply { client_id: 1 },
                        v,
                    ),
                    Command::GetServerInfo => protocol::write_reply_message(
                        &mut writer,
                        tag,
                        &protocol::ServerInfo {
                            sample_spec: spec(),
                            channel_map: protocol::ChannelMap::mono(),
                            ..Default::default()
                        },
                        v,
                    ),
                    Command::CreatePlaybackStream(params) => {
                        if streams_asked.fetch_add(1, Ordering::Relaxed) == 0 {
                            protocol::write_reply_message(
                                &mut writer,
                                tag,
                                &protocol::CreatePlaybackStreamReply {
                                    channel: 0,
                                    stream_index: 0,
                                    requested_bytes: 0,
                                    buffer_attr: params.buffer_attr,
                                    sample_spec: spec(),
                                    channel_map: protocol::ChannelMap::mono(),
                                    sink_index: 0,
                                    sink_name: None,
                                    suspended: false,
                                    stream_latency: 0,
                                    format: Default::default(),
                                },
                                v,
                            )
                        } else {
                            protocol::write_error(&mut writer, tag, &PulseError::AccessDenied)
                        }
                    }
                    _ => protocol::write_ack_message(&mut writer, tag),
                };
                if written.is_err() {
                    return;
                }
            }
        }
    }
}

fn spec() -> protocol::SampleSpec {
    protocol::SampleSpec {
        format: protocol::SampleFormat::Float32Le,
        channels: 1,
        sample_rate: 48_000,
    }
}
