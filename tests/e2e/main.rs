//! unknot's integration tests, in one test binary: the real binary in an isolated home, in a
//! real terminal, playing into a real sound sink. One binary, so the tests that wait in real
//! time (sound, voice, terminal sessions) wait alongside the others instead of after them, and
//! there is one link to make. Each module is what was a test file of its own; `support` is the
//! one harness.
//!
//! The test runner starts tests in the order of their names: the sessions played into a real
//! sound sink, the longest waits, are all in `audio_e2e` (its voice tests in `audio_e2e::voice`),
//! so they start first and the rest runs while they play.

mod support;

mod add_cli;
mod audio_e2e;
mod check_cli;
mod coach_cli;
mod config_cli;
mod headless_cli;
mod history_cli;
mod hostile_files;
mod library;
mod limits_cli;
mod list_new_schema_cli;
mod machine_cli;
mod media_cli;
mod plan_cli;
mod ship_cli;
mod tui_e2e;
mod watch_e2e;
