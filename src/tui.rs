//! The terminal edge: the event loop that owns the terminal ([`app`], [`terminal`]) and the
//! pure views it draws ([`view`] for the player, [`picker_view`] for the routine picker).
//!
//! The views are functions from state to a frame: no I/O, no clock. They are tested by
//! rendering into ratatui's `TestBackend`.

pub mod app;
pub mod big_digits;
pub mod picker_view;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod watch_view;
