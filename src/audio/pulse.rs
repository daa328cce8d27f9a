//! Sound straight to the sound server over its native protocol: PulseAudio itself, or
//! PipeWire's pipewire-pulse, which serves the same socket.
//!
//! On a Linux desktop ALSA's default device is the server's ALSA plugin, which loads libpulse
//! and through it a dozen codec, X11 and systemd libraries, some 3.5 MB resident and a
//! plugin thread that wakes for every period. Here the sound thread speaks the protocol
//! itself (the `pulseaudio` crate's wire format, our own socket handling): one Unix socket,
//! no library loaded, no thread of its own.
//!
//! - [`connect`]: finding the server and its cookie, the handshake, reading messages with
//!   bounded sizes and timeouts, so that a server that stalls or answers garbage costs a
//!   timeout at worst.
//! - [`timing`]: where in real time each byte written is heard, from the server's latency
//!   reports; pure arithmetic.
//! - [`stream`]: the sound thread's side: a playback stream created when a sound is near,
//!   fed in answer to the server's requests, flushed on a pause, deleted at rest.

mod connect;
mod stream;
mod timing;

pub use connect::server_socket;
pub use stream::open;
