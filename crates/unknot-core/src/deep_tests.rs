//! The measurement run's deep pass over the unit tests: every property test again with many
//! more cases than the ordinary run's 256 (proptest's default).
//!
//! `cargo test -- --ignored` runs it; it runs this test binary once more, with
//! `PROPTEST_CASES` set, so the ordinary run stays quick and no property has two copies.

#![allow(
    clippy::unwrap_used,
    clippy::disallowed_types,
    clippy::disallowed_methods
)]

use std::process::Command;

/// Cases per property in the deep pass.
const DEEP_CASES: &str = "2048";

#[test]
#[ignore = "measurement: every property test at 2048 cases"]
fn every_property_holds_at_the_deep_case_count() {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--skip", "deep_tests::", "--quiet"])
        .env("PROPTEST_CASES", DEEP_CASES)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the unit tests at {DEEP_CASES} cases: {status}"
    );
}
