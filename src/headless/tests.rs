#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use super::*;
use crate::cue::Cue;
use crate::plan::{Segment, SegmentKind, Spot};
use crate::play_loop::Outputs;
use crate::play_loop::script::Script;
use crate::routine::Side;

fn plan_of(segments: Vec<(SegmentKind, f64)>) -> Plan {
    let mut at = Duration::ZERO;
    let segments: Vec<Segment> = segments
        .into_iter()
        .enumerate()
        .map(|(index, (kind, secs))| {
            let duration = Duration::from_secs_f64(secs);
            let segment = Segment {
                index,
                start: at,
                duration,
                kind,
                name: format!("Part \"{index}\""),
                step: Some(index + 1),
                side: Some(Side::Left),
                spot: Some(Spot { number: 2, of: 3 }),
                round: 1,
            };
            at += duration;
            segment
        })
        .collect();
    Plan {
        name: "Test".to_string(),
        segments,
        total: at,
        countdown: 1,
    }
}

/// Keeps what a sound output would be told: the cues handed ahead and the ones due.
#[derive(Default)]
struct Recorder {
    ahead: Vec<(Cue, Duration)>,
    due: Vec<(Cue, bool)>,
}

impl CueSink for Recorder {
    fn ahead(&mut self, _plan: &Plan, cues: &[crate::play_loop::Timed]) {
        self.ahead.extend(cues.iter().map(|t| (t.cue, t.cue.at)));
    }

    fn due(&mut self, _plan: &Plan, cues: &[crate::play_loop::Timed]) -> Result<(), Lost> {
        self.due.extend(cues.iter().map(|t| (t.cue, t.handed)));
        Ok(())
    }
}

fn events_of(out: &[u8]) -> Vec<(String, String)> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                value["t"].to_string(),
                value["event"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_run_writes_every_cue_and_hands_each_to_the_sound_once_before_it_is_due() {
    let plan = plan_of(vec![
        (SegmentKind::Timed, 2.0),
        (SegmentKind::Placement { wait: true }, 0.0),
        (SegmentKind::Rest, 2.0),
    ]);
    let mut out = Vec::new();
    let mut json = JsonLines::new(&mut out);
    let mut sound = Recorder::default();
    let mut script = Script::new(&[]);
    // A device asking for a tenth of a second: the session starts that much after the clock.
    let (summary, ended) = {
        let mut outputs = Outputs(vec![&mut json, &mut sound]);
        run(
            plan,
            20.0,
            Duration::from_millis(100),
            &mut script,
            &mut outputs,
        )
    };
    assert_eq!(ended, Ended::Finished);
    assert!(summary.finished);
    assert_eq!(summary.elapsed, Duration::from_secs(4));
    let expected = [
        ("0.0", "start"),
        ("1.0", "tick"),
        ("2.0", "end"),
        ("2.0", "start"),
        ("2.0", "end"),
        ("2.0", "start"),
        ("3.0", "tick"),
        ("4.0", "end"),
        ("4.0", "done"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, e)| (t.to_string(), e.to_string()))
        .collect();
    assert_eq!(events_of(&out), expected);
    // Every cue, the first included, was handed to the sound ahead, once, and known as such
    // when it fell due.
    assert_eq!(sound.due.len(), expected.len());
    assert!(
        sound.due.iter().all(|(_, handed)| *handed),
        "{:?}",
        sound.due
    );
    let handed: Vec<Cue> = sound.ahead.iter().map(|(cue, _)| *cue).collect();
    let due: Vec<Cue> = sound.due.iter().map(|(cue, _)| *cue).collect();
    assert_eq!(handed, due);
}

/// A source whose clock jumps a minute on the first wait (the process was held up) with a
/// signal waiting: the loop must see it between two batches of the burst of cues now due.
struct Stalled {
    now: Duration,
    base: Instant,
    polls: usize,
}

impl crate::play_loop::Timeline for Stalled {
    fn instant_at(&self, at: Duration) -> Instant {
        self.base + at
    }
}

impl Source for Stalled {
    fn now(&self) -> Duration {
        self.now
    }

    fn wait(&mut self, _deadline: Option<Duration>) -> Option<Event> {
        if self.now.is_zero() {
            self.now = Duration::from_secs(60);
            return None;
        }
        Some(Event::Signal(15))
    }

    fn poll(&mut self) -> Option<Event> {
        self.polls += 1;
        Some(Event::Signal(15))
    }
}

#[test]
fn a_signal_ends_the_session_in_the_middle_of_a_burst_of_cues() {
    let plan = plan_of(vec![(SegmentKind::Timed, 0.001); 50_000]);
    let mut out = Vec::new();
    let mut json = JsonLines::new(&mut out);
    let mut source = Stalled {
        now: Duration::ZERO,
        base: Instant::now(),
        polls: 0,
    };
    let (summary, ended) = run(plan, 1.0, Duration::ZERO, &mut source, &mut json);
    assert_eq!(ended, Ended::Signal(15));
    assert!(!summary.finished);
    assert_eq!(source.polls, 1);
    // One batch went out before the signal was seen, not the hundred thousand cues due.
    let lines = events_of(&out).len();
    assert!(lines <= crate::driver::BUDGET + 1, "{lines} lines");
}

/// Accepts `left` lines, then fails as a pipe whose reader went away.
struct ClosingPipe {
    left: usize,
}

impl std::io::Write for ClosingPipe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.left -= buf.iter().filter(|b| **b == b'\n').count();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn stdout_closing_ends_the_session_as_quit() {
    let plan = plan_of(vec![(SegmentKind::Timed, 5.0), (SegmentKind::Rest, 5.0)]);
    let mut json = JsonLines::new(ClosingPipe { left: 1 });
    let mut script = Script::new(&[]);
    let (summary, ended) = run(plan, 1.0, Duration::ZERO, &mut script, &mut json);
    assert_eq!(ended, Ended::Lost(STDOUT_CLOSED.to_string()));
    assert!(!summary.finished);
    // It ended at the first line that could not be written: the tick at 4 s.
    assert_eq!(summary.elapsed, Duration::from_secs(4));
}
