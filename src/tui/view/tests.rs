//! Snapshots of every screen of the player at 80×24 and 40×12, styles with and without
//! colour, and a sweep of tiny sizes. Snapshots live in `src/tui/snapshots/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use super::*;
use crate::cue::Direction;
use crate::plan::{PlanOptions, SegmentKind, TransitionKind, expand};
use crate::routine::{
    HoldLength, RoutineInfo, Settings, Side, SoundOverrides, Step, StepKind, StepSide,
};
use crate::session::{ReleaseState, Summary};

pub(crate) fn routine() -> Routine {
    let step = |number: usize, name: &str, side: StepSide, spots: u8, kind: StepKind| Step {
        number,
        name: name.to_string(),
        instructions: None,
        area: None,
        tool: None,
        side,
        spots,
        transition: None,
        kind,
    };
    let mut steps = vec![
        step(
            1,
            "Warm up: easy walk",
            StepSide::None,
            1,
            StepKind::Timed {
                duration: Duration::from_secs(300),
            },
        ),
        step(
            2,
            "Place the ball",
            StepSide::None,
            1,
            StepKind::Placement { duration: None },
        ),
        step(
            3,
            "Hamstring: small circles",
            StepSide::Both,
            3,
            StepKind::Circles {
                duration: Duration::from_secs(60),
                reverse_every: Some(Duration::from_secs(15)),
            },
        ),
        step(
            4,
            "Bend and straighten",
            StepSide::Both,
            1,
            StepKind::Reps {
                reps: 20,
                tempo: Duration::from_secs(2),
            },
        ),
        step(
            5,
            "Rest",
            StepSide::None,
            1,
            StepKind::Rest {
                duration: Duration::from_secs(30),
            },
        ),
        step(
            6,
            "Hurdler stretch",
            StepSide::Both,
            1,
            StepKind::Hold {
                length: HoldLength::Range {
                    min: Duration::from_secs(15),
                    max: Duration::from_secs(30),
                },
            },
        ),
    ];
    let instructions = [
        "Walk around for five minutes before working on the muscle.",
        "Sit on a bench with the ball under the back of the thigh.",
        "Make small circles over the ball. Support yourself with your arms to control the \
         pressure; keep the other foot planted.",
        "Pin a tender spot and bend and straighten the knee, slowly.",
        "Breathe.",
        "Sit with one leg straight and reach for the toes. Don't bounce.",
    ];
    for (step, text) in steps.iter_mut().zip(instructions) {
        step.instructions = Some(text.to_string());
    }
    Routine {
        info: RoutineInfo {
            name: "Hamstrings & glutes — lacrosse ball".to_string(),
            description: Some(
                "After a run: loosen the back of the thigh and the glutes with a lacrosse ball."
                    .to_string(),
            ),
            author: Some("Sam Trainer".to_string()),
            equipment: vec!["lacrosse ball".to_string(), "bench".to_string()],
            tags: vec!["post-run".to_string()],
            caution: Some(
                "Stop at sharp pain, numbness or tingling. Don't roll an injured hamstring."
                    .to_string(),
            ),
            ..RoutineInfo::default()
        },
        settings: Settings {
            lead_in: Duration::from_secs(10),
            ..Settings::default()
        },
        sounds: SoundOverrides::default(),
        steps,
    }
}

fn plan() -> Plan {
    expand(&routine(), PlanOptions::default())
}

/// The index of the first segment that matches.
fn find(plan: &Plan, wanted: impl Fn(&crate::plan::Segment) -> bool) -> usize {
    plan.segments
        .iter()
        .position(wanted)
        .expect("the fixture has such a segment")
}

/// A status `into` seconds into segment `index`, as if nothing was skipped or paused.
fn status_at(plan: &Plan, index: usize, into: f64) -> Status {
    let segment = &plan.segments[index];
    let into = Duration::from_secs_f64(into);
    Status {
        segment: index,
        segment_length: segment.duration,
        elapsed_in_segment: into,
        remaining: segment.duration.saturating_sub(into),
        elapsed: segment.start + into,
        paused: false,
        waiting: false,
        rep: None,
        direction: None,
        release: None,
        reverse_in: None,
        rateable: segment.spot.is_some(),
        answer: None,
        finished: false,
        quit: false,
    }
}

struct Screen {
    routine: Routine,
    plan: Plan,
    status: Status,
    overlay: Overlay,
    notice: Option<&'static str>,
    muted: bool,
    flash: Option<Flash>,
    speed: f64,
    rating: Option<u8>,
    theme: Theme,
}

impl Screen {
    fn new(plan: Plan, status: Status) -> Screen {
        Screen {
            routine: routine(),
            plan,
            status,
            overlay: Overlay::None,
            notice: None,
            muted: false,
            flash: None,
            speed: 1.0,
            rating: None,
            theme: Theme::new(true),
        }
    }

    fn draw(&self, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let view = PlayerView {
            routine: &self.routine,
            plan: &self.plan,
            status: &self.status,
            overlay: self.overlay,
            notice: self.notice,
            muted: self.muted,
            flash: self.flash,
            speed: self.speed,
            rating: self.rating,
            theme: &self.theme,
        };
        terminal.draw(|frame| render_player(frame, &view)).unwrap();
        terminal
    }
}

/// Snapshots a screen at 80×24, 120×40, 160×50 and the small 40×12.
fn snapshot_both(name: &str, screen: &Screen) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        for (width, height) in [(80, 24), (120, 40), (160, 50), (40, 12)] {
            insta::assert_snapshot!(
                format!("player_{name}_{width}x{height}"),
                screen.draw(width, height).backend()
            );
        }
    });
}

fn lead_in() -> Screen {
    let plan = plan();
    let status = status_at(&plan, 0, 3.2);
    Screen::new(plan, status)
}

fn warm_up() -> Screen {
    let plan = plan();
    let index = find(&plan, |s| s.kind == SegmentKind::Timed);
    let status = status_at(&plan, index, 125.4);
    Screen::new(plan, status)
}

fn circles(direction: Direction) -> Screen {
    let plan = plan();
    let index = find(&plan, |s| {
        matches!(s.kind, SegmentKind::Circles { .. }) && s.spot.is_some_and(|p| p.number == 2)
    });
    let into = if direction == Direction::Clockwise {
        8.0
    } else {
        21.5
    };
    let mut status = status_at(&plan, index, into);
    status.direction = Some(direction);
    // Reversals every 15 s.
    status.reverse_in = Some(Duration::from_secs_f64(15.0 - into % 15.0));
    Screen::new(plan, status)
}

fn hold(release: ReleaseState, into: f64) -> Screen {
    let plan = plan();
    let index = find(&plan, |s| {
        matches!(s.kind, SegmentKind::Hold { .. }) && s.side == Some(Side::Left)
    });
    let mut status = status_at(&plan, index, into);
    status.release = Some(release);
    Screen::new(plan, status)
}

fn reps() -> Screen {
    let plan = plan();
    let index = find(&plan, |s| matches!(s.kind, SegmentKind::Reps { .. }));
    let mut status = status_at(&plan, index, 13.0);
    status.rep = Some((7, 20));
    Screen::new(plan, status)
}

fn placement_wait() -> Screen {
    let plan = plan();
    let index = find(&plan, |s| s.is_wait());
    let mut status = status_at(&plan, index, 0.0);
    status.elapsed_in_segment = Duration::from_secs(4);
    status.elapsed += Duration::from_secs(4);
    status.waiting = true;
    Screen::new(plan, status)
}

fn rest() -> Screen {
    let plan = plan();
    let index = find(&plan, |s| s.kind == SegmentKind::Rest);
    let status = status_at(&plan, index, 12.0);
    Screen::new(plan, status)
}

fn transition(kind: TransitionKind) -> Screen {
    let plan = plan();
    let index = find(&plan, |s| s.kind == SegmentKind::Transition(kind));
    let status = status_at(&plan, index, 1.5);
    Screen::new(plan, status)
}

fn paused() -> Screen {
    let mut screen = circles(Direction::Clockwise);
    screen.status.paused = true;
    screen
}

#[test]
fn lead_in_counts_down_to_the_first_part() {
    snapshot_both("lead_in", &lead_in());
}

#[test]
fn a_timed_part_shows_the_time_left() {
    snapshot_both("timed", &warm_up());
}

#[test]
fn circles_show_their_direction() {
    snapshot_both("circles_clockwise", &circles(Direction::Clockwise));
    snapshot_both(
        "circles_counterclockwise",
        &circles(Direction::Counterclockwise),
    );
}

#[test]
fn a_hold_range_says_when_release_is_allowed() {
    snapshot_both(
        "hold_before_release",
        &hold(ReleaseState::In(Duration::from_millis(6_200)), 8.8),
    );
    snapshot_both("hold_release_allowed", &hold(ReleaseState::Allowed, 17.0));
}

#[test]
fn reps_show_the_count() {
    snapshot_both("reps", &reps());
}

#[test]
fn a_placement_waits_for_enter() {
    snapshot_both("placement_wait", &placement_wait());
}

#[test]
fn a_rest_counts_down() {
    snapshot_both("rest", &rest());
}

#[test]
fn transitions_say_what_to_do() {
    snapshot_both(
        "transition_switch_side",
        &transition(TransitionKind::SwitchSide),
    );
    snapshot_both(
        "transition_move_spot",
        &transition(TransitionKind::MoveSpot),
    );
}

#[test]
fn paused_is_unmistakable() {
    snapshot_both("paused", &paused());
}

#[test]
fn help_lists_the_keys_and_the_caution() {
    let mut screen = circles(Direction::Clockwise);
    screen.overlay = Overlay::Help;
    snapshot_both("help", &screen);
}

#[test]
fn quitting_asks_first() {
    let mut screen = reps();
    screen.overlay = Overlay::QuitConfirm;
    snapshot_both("quit_confirm", &screen);
}

#[test]
fn a_notice_and_mute_show_without_hiding_the_time() {
    let mut screen = warm_up();
    screen.notice = Some("no sound device: using the terminal bell");
    screen.muted = true;
    snapshot_both("notice_muted", &screen);
}

#[test]
fn the_frame_flashes_on_a_cue() {
    let mut screen = warm_up();
    screen.flash = Some(Flash::Border);
    let terminal = screen.draw(80, 24);
    let corner = &terminal.backend().buffer()[(0, 0)];
    assert_eq!(corner.symbol(), "┏");
    assert!(corner.modifier.contains(Modifier::REVERSED));

    // No frame on a small screen: the header row flashes instead.
    let terminal = screen.draw(40, 12);
    assert!(
        terminal.backend().buffer()[(0, 0)]
            .modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn the_part_number_counts_parts_only() {
    let plan = plan();
    let screen = Screen::new(plan.clone(), status_at(&plan, 0, 1.0));
    let text = format!("{}", screen.draw(80, 24).backend());
    // Lead-in: getting ready for part 1 of the 13 parts (transitions not counted).
    assert_eq!(parts::part_count(&plan), 13);
    assert!(text.contains("part 1 of 13"), "{text}");
}

#[test]
fn a_narrow_header_keeps_the_time_whole() {
    let mut screen = warm_up();
    screen.muted = true;
    let left = parts::session_left(&screen.plan, screen.status.segment, screen.status.remaining);
    let total = format!("{} left", format::clock_left(left));
    for width in 20..=60 {
        let terminal = screen.draw(width, 24);
        let buffer = terminal.backend().buffer();
        // Row 0, or row 1 inside the frame of a larger screen.
        let row = |y: u16| -> String { (0..width).map(|x| buffer[(x, y)].symbol()).collect() };
        let header = if row(0).starts_with('╭') {
            row(1)
        } else {
            row(0)
        };
        assert!(header.contains(&total), "{width} columns: {header:?}");
    }
}

/// A name too long for the screen ends with "…", so the runner knows there is more.
#[test]
fn a_long_name_is_cut_with_an_ellipsis() {
    let long = "Hamstring small circles with the ball just above the knee then slowly upward";
    let mut screen = warm_up();
    let current = screen.status.segment;
    screen.plan.segments[current].name = long.to_string();
    if let Some(next) = screen.plan.segments[current + 1..]
        .iter_mut()
        .find(|s| !matches!(s.kind, SegmentKind::Transition(_)))
    {
        next.name = long.to_string();
    }
    let terminal = screen.draw(60, 20);
    let text = format!("{}", terminal.backend());
    let name_row = text
        .lines()
        .find(|l| l.contains("Hamstring small"))
        .unwrap();
    assert!(name_row.contains('…'), "{text}");
    let next_row = text.lines().find(|l| l.contains("Next:")).unwrap();
    assert!(next_row.contains('…'), "{text}");
}

/// A key 1–5 is answered on screen: the spot's rating shows beside it.
#[test]
fn a_rated_spot_shows_its_rating() {
    let mut screen = circles(Direction::Clockwise);
    let text = format!("{}", screen.draw(80, 24).backend());
    assert!(!text.contains("tender"), "{text}");
    screen.rating = Some(4);
    for (width, height) in [(80, 24), (40, 12)] {
        let text = format!("{}", screen.draw(width, height).backend());
        assert!(text.contains("tender 4/5"), "{width}×{height}:\n{text}");
    }
}

/// The cells of the big digits: block glyphs below the header.
fn digit_cells(terminal: &Terminal<TestBackend>) -> Vec<ratatui::buffer::Cell> {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    (3..area.height - 2)
        .flat_map(|y| (1..area.width - 1).map(move |x| (x, y)))
        .map(|position| buffer[position].clone())
        .filter(|cell| cell.symbol() == "█" || cell.symbol() == "▀" || cell.symbol() == "▄")
        .collect()
}

#[test]
fn work_digits_are_green_and_paused_digits_are_dimmed_under_a_red_banner() {
    let work = circles(Direction::Clockwise).draw(80, 24);
    let cells = digit_cells(&work);
    assert!(!cells.is_empty());
    assert!(
        cells.iter().all(|cell| cell.fg == Color::Green),
        "{cells:?}"
    );

    let paused_terminal = paused().draw(80, 24);
    let buffer = paused_terminal.backend().buffer();
    let cells = digit_cells(&paused_terminal);
    assert!(
        cells
            .iter()
            .any(|cell| cell.fg == Color::DarkGray && cell.modifier.contains(Modifier::DIM))
    );
    assert!(cells.iter().any(|cell| cell.fg == Color::Red));
    assert!(cells.iter().all(|cell| cell.fg != Color::Green));
    let banner = buffer
        .content()
        .iter()
        .find(|cell| cell.symbol() == "P" && cell.modifier.contains(Modifier::REVERSED))
        .expect("a reversed PAUSED banner");
    assert_eq!(banner.fg, Color::Red);
    // The frame turns the colour of pause too.
    assert_eq!(buffer[(0, 0)].fg, Color::Red);
}

#[test]
fn no_color_draws_no_colour_but_keeps_paused_visible() {
    for mut screen in [circles(Direction::Clockwise), paused(), rest(), warm_up()] {
        screen.theme = Theme::new(false);
        let terminal = screen.draw(80, 24);
        let buffer = terminal.backend().buffer();
        assert!(
            buffer
                .content()
                .iter()
                .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
        );
    }
    let mut screen = paused();
    screen.theme = Theme::new(false);
    let terminal = screen.draw(80, 24);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|cell| cell.symbol() == "P" && cell.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn every_small_size_renders_without_panic() {
    let mut screens = vec![
        lead_in(),
        warm_up(),
        circles(Direction::Counterclockwise),
        hold(ReleaseState::Allowed, 20.0),
        reps(),
        placement_wait(),
        rest(),
        transition(TransitionKind::SwitchSide),
        paused(),
    ];
    let mut help = paused();
    help.overlay = Overlay::Help;
    let mut quit = reps();
    quit.overlay = Overlay::QuitConfirm;
    quit.notice = Some("no sound device: using the terminal bell");
    quit.flash = Some(Flash::Flood);
    screens.extend([help, quit]);
    for screen in &screens {
        for width in 1..=30 {
            for height in 1..=10 {
                screen.draw(width, height);
            }
        }
    }
}

#[test]
fn below_the_usable_size_the_screen_asks_for_more_room() {
    let screen = warm_up();
    let text = format!("{}", screen.draw(MIN_WIDTH - 1, MIN_HEIGHT).backend());
    assert!(text.contains("Enlarge terminal"), "{text}");
    let text = format!("{}", screen.draw(12, 3).backend());
    assert!(text.contains("Too small"), "{text}");
    let text = format!("{}", screen.draw(30, 5).backend());
    assert!(text.contains("Make the terminal larger"), "{text}");
    let text = format!("{}", screen.draw(MIN_WIDTH, MIN_HEIGHT).backend());
    assert!(text.contains("Warm up"), "{text}");
}

#[test]
fn a_finished_session_past_the_last_segment_renders() {
    let plan = plan();
    let last = plan.segments.len() - 1;
    let mut status = status_at(&plan, last, 30.0);
    status.segment = plan.segments.len();
    status.finished = true;
    let screen = Screen::new(plan, status);
    let text = format!("{}", screen.draw(80, 24).backend());
    assert!(text.contains("Done"), "{text}");
}

fn draw_intro(notice: Option<&str>, width: u16, height: u16) -> Terminal<TestBackend> {
    let (routine, plan) = (routine(), plan());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| render_intro(frame, &routine, &plan, notice, &Theme::new(true)))
        .unwrap();
    terminal
}

fn draw_summary(summary: &Summary, width: u16, height: u16) -> Terminal<TestBackend> {
    let routine = routine();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            render_summary(
                frame,
                &SummaryView {
                    routine: &routine,
                    summary,
                    ratings: &[],
                    saved: Some("Saved to history"),
                    speed: 1.0,
                    notes: &[],
                    history: None,
                    theme: &Theme::new(true),
                },
            )
        })
        .unwrap();
    terminal
}

fn summary(finished: bool) -> Summary {
    Summary {
        elapsed: Duration::from_secs(if finished { 1_005 } else { 412 }),
        planned: plan().total,
        parts_done: if finished { 12 } else { 5 },
        parts_skipped: 1,
        skipped: Vec::new(),
        total_parts: 13,
        finished,
    }
}

#[test]
fn the_intro_shows_the_routine_and_how_to_start() {
    let notice = Some("no sound device: using the terminal bell");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("intro_80x24", draw_intro(notice, 80, 24).backend());
        insta::assert_snapshot!("intro_40x12", draw_intro(notice, 40, 12).backend());
    });
}

/// One part, one rep: said in the singular.
#[test]
fn the_intro_counts_in_words() {
    let source = crate::routine::Source::from_file(
        std::path::Path::new("one.toml"),
        "[routine]\nname = \"One\"\n[[step]]\nkind = \"reps\"\nname = \"Squeeze\"\nreps = 1\n"
            .to_string(),
    );
    let routine = crate::routine::parse(&source, &crate::files::ON_DISK).unwrap();
    let plan = crate::plan::expand(&routine, Default::default());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| render_intro(frame, &routine, &plan, None, &Theme::new(true)))
        .unwrap();
    let text = format!("{}", terminal.backend());
    assert!(text.contains("· 1 part "), "{text}");
    assert!(text.contains("1 rep "), "{text}");
    assert!(
        !text.contains("1 parts") && !text.contains("1 reps"),
        "{text}"
    );
}

/// The notice (no sound device) is wrapped like the caution, never cut mid-word.
#[test]
fn the_intro_wraps_a_long_notice() {
    let notice = "No sound device: cues show as a flash and the terminal bell.";
    for (width, height) in [(40, 12), (60, 14), (45, 12)] {
        let text = format!("{}", draw_intro(Some(notice), width, height).backend());
        assert!(text.contains("bell."), "{width}×{height}:\n{text}");
    }
}

#[test]
fn the_summary_shows_time_and_parts() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("summary_finished_80x24", draw_summary(&summary(true), 80, 24).backend());
        insta::assert_snapshot!("summary_finished_40x12", draw_summary(&summary(true), 40, 12).backend());
        insta::assert_snapshot!("summary_ended_early_80x24", draw_summary(&summary(false), 80, 24).backend());
    });
}

#[test]
fn intro_and_summary_render_at_every_small_size() {
    for width in 1..=30 {
        for height in 1..=10 {
            draw_intro(Some("notice"), width, height);
            draw_summary(&summary(false), width, height);
        }
    }
}

/// The bounding box (width, height) of the big digits: green block glyphs.
fn digit_block(terminal: &Terminal<TestBackend>) -> (u16, u16) {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let (mut left, mut right, mut top, mut bottom) = (u16::MAX, 0, u16::MAX, 0);
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            if cell.fg == Color::Green && ["█", "▀", "▄"].contains(&cell.symbol()) {
                left = left.min(x);
                right = right.max(x);
                top = top.min(y);
                bottom = bottom.max(y);
            }
        }
    }
    if left == u16::MAX {
        return (0, 0);
    }
    (right - left + 1, bottom - top + 1)
}

/// From 80×24 to 200×60 (every twelfth height, every thirtieth width, corners included), the
/// time left (or the rep count) takes at least 60 % of the width or 35 % of the height, on the
/// fullest screens.
#[test]
fn the_digits_fill_the_screen_from_80x24_to_200x60() {
    digits_fill((24..=60).step_by(12), (80..=200).step_by(30));
}

/// The same at every height and a dense sweep of widths: six thousand screens.
#[test]
#[ignore = "measurement: a dense sweep of sizes, twenty seconds of drawing"]
fn the_digits_fill_the_screen_at_every_size_from_80x24_to_200x60() {
    digits_fill(24..=60, (80..=200).step_by(3).chain([200]));
}

fn digits_fill(
    heights: impl Iterator<Item = u16> + Clone,
    widths: impl Iterator<Item = u16> + Clone,
) {
    let screens = [
        ("circles", circles(Direction::Counterclockwise)),
        ("reps", reps()),
        ("hold", hold(ReleaseState::In(Duration::from_secs(6)), 8.8)),
        ("timed", warm_up()),
    ];
    for (name, screen) in &screens {
        for height in heights.clone() {
            for width in widths.clone() {
                let (w, h) = digit_block(&screen.draw(width, height));
                let wide = f64::from(w) >= 0.60 * f64::from(width);
                let tall = f64::from(h) >= 0.35 * f64::from(height);
                assert!(
                    wide || tall,
                    "{name} at {width}×{height}: digits {w}×{h} ({:.0} % of the width, {:.0} % of the height)",
                    100.0 * f64::from(w) / f64::from(width),
                    100.0 * f64::from(h) / f64::from(height)
                );
            }
        }
    }
}

/// At 80×24 every part keeps the lines of instructions `unknot check` promises.
#[test]
fn every_part_keeps_its_promised_instruction_lines_at_80x24() {
    let long = "Roll slowly from the knee to the hip and back, pausing on every tender spot \
                for a breath, then move the ball an inch and start again; keep the other foot \
                flat on the floor and your weight on your hands. Breathe out as you sink into \
                the ball, in as you lift, and never roll over the back of the knee itself: \
                stop at once at any sharp or electric pain.";
    for mut screen in [
        circles(Direction::Clockwise),
        reps(),
        hold(ReleaseState::Allowed, 17.0),
        warm_up(),
        rest(),
        placement_wait(),
        transition(TransitionKind::SwitchSide),
        transition(TransitionKind::MoveSpot),
        lead_in(),
    ] {
        screen.notice = Some("no sound device: using the terminal bell");
        let long = format!("{long} {long}");
        for step in &mut screen.routine.steps {
            step.instructions = Some(long.clone());
        }
        let text = format!("{}", screen.draw(80, 24).backend());
        let wrapped = layout::wrap(&long, layout::instruction_width(80, 24));
        for line in wrapped.iter().take(layout::INSTRUCTION_LINES - 1) {
            assert!(text.contains(line.as_str()), "{line:?} missing:\n{text}");
        }
        // The last line shown says there is more.
        assert!(text.contains(" …"), "no sign of the cut:\n{text}");
    }
}

/// A transition is its own screen: flooded (reverse video without colour), the action big.
#[test]
fn a_transition_is_flooded_even_without_colour() {
    for color in [true, false] {
        let mut screen = transition(TransitionKind::SwitchSide);
        screen.theme = Theme::new(color);
        let terminal = screen.draw(80, 24);
        let buffer = terminal.backend().buffer();
        let middle = &buffer[(3, 12)];
        if color {
            assert_eq!(middle.bg, Color::Yellow);
        } else {
            assert!(middle.modifier.contains(Modifier::REVERSED));
        }
        // A part of work is not flooded.
        let mut work = circles(Direction::Clockwise);
        work.theme = Theme::new(color);
        let terminal = work.draw(80, 24);
        let cell = &terminal.backend().buffer()[(3, 12)];
        assert!(cell.bg == Color::Reset && !cell.modifier.contains(Modifier::REVERSED));
    }
    let text = format!(
        "{}",
        transition(TransitionKind::SwitchSide)
            .draw(120, 40)
            .backend()
    );
    assert!(
        text.contains("Hamstring: small circles · LEFT · spot 1 of 3"),
        "{text}"
    );
}

/// Each sort of flash looks different: a flood, a thick border, or only the digits.
#[test]
fn flashes_differ_by_cue() {
    let draw = |flash: Option<Flash>| {
        let mut screen = warm_up();
        screen.flash = flash;
        screen.draw(80, 24)
    };
    let plain = draw(None);
    let corner = |t: &Terminal<TestBackend>| t.backend().buffer()[(0, 0)].clone();
    let inside = |t: &Terminal<TestBackend>| t.backend().buffer()[(3, 3)].clone();
    let flood = draw(Some(Flash::Flood));
    assert_eq!(inside(&flood).bg, Color::Yellow);
    let border = draw(Some(Flash::Border));
    assert_eq!(corner(&border).symbol(), "┏");
    assert_eq!(inside(&border), inside(&plain));
    let digits = draw(Some(Flash::Digits));
    assert_eq!(corner(&digits), corner(&plain));
    assert_eq!(inside(&digits), inside(&plain));
    let inverted = digits
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|cell| cell.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(inverted > 100, "the digits invert: {inverted} cells");
}

#[test]
fn the_header_shows_a_preview_speed_and_the_time_left() {
    let mut screen = warm_up();
    screen.speed = 10.0;
    let text = format!("{}", screen.draw(80, 24).backend());
    assert!(text.contains("preview 10×"), "{text}");
    let left = parts::session_left(&screen.plan, screen.status.segment, screen.status.remaining);
    assert!(
        text.contains(&format!("{} left", format::clock_left(left))),
        "{text}"
    );
    // Ten seconds more for the part: ten seconds more left.
    screen.status.segment_length += Duration::from_secs(10);
    screen.status.remaining += Duration::from_secs(10);
    let text = format!("{}", screen.draw(80, 24).backend());
    let more = left + Duration::from_secs(10);
    assert!(
        text.contains(&format!("{} left", format::clock_left(more))),
        "{text}"
    );
}

/// Keys that would do nothing are not offered; a refused key is answered.
#[test]
fn the_key_line_offers_only_what_works_here() {
    let text = format!("{}", placement_wait().draw(80, 24).backend());
    assert!(text.contains("Enter ready"), "{text}");
    assert!(!text.contains("10 s"), "{text}");
    assert!(!text.contains("rate spot"), "{text}");
    let text = format!("{}", circles(Direction::Clockwise).draw(80, 24).backend());
    assert!(text.contains("rate spot"), "{text}");
    let text = format!("{}", warm_up().draw(80, 24).backend());
    assert!(!text.contains("rate spot"), "{text}");

    let mut screen = hold(ReleaseState::In(Duration::from_millis(6_200)), 8.8);
    screen.status.answer = Some(crate::session::Answer::NotYet(Duration::from_millis(6_200)));
    let text = format!("{}", screen.draw(80, 24).backend());
    assert!(text.contains("not yet — 7 s"), "{text}");
    let mut screen = rest();
    screen.status.answer = Some(crate::session::Answer::NothingToRate);
    let text = format!("{}", screen.draw(40, 12).backend());
    assert!(text.contains("nothing to rate here"), "{text}");
}

/// The help keeps every key at 40×12, in two columns, and says that time stopped.
#[test]
fn help_keeps_every_key_on_a_small_screen() {
    let mut screen = circles(Direction::Clockwise);
    screen.overlay = Overlay::Help;
    for (width, height) in [(40, 12), (50, 14), (80, 24)] {
        let text = format!("{}", screen.draw(width, height).backend());
        for key in ["Space", "Enter", "n", "b", "+", "m", "1–5", "?", "q"] {
            assert!(text.contains(key), "{key} at {width}×{height}:\n{text}");
        }
        assert!(text.contains("Caution"), "{text}");
    }
}

#[test]
fn the_summary_shows_the_spots_rated_and_a_preview() {
    let routine = routine();
    let ratings = [crate::session::SpotRating {
        segment: 4,
        step: 3,
        side: Some(Side::Right),
        spot: Some(2),
        value: 4,
    }];
    let summary = summary(true);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| {
            render_summary(
                frame,
                &SummaryView {
                    routine: &routine,
                    summary: &summary,
                    ratings: &ratings,
                    saved: Some("Saved to history"),
                    speed: 10.0,
                    notes: &[],
                    history: Some(HistoryFigures {
                        minutes_this_week: 42,
                        streak_days: 3,
                    }),
                    theme: &Theme::new(true),
                },
            )
        })
        .unwrap();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("summary_rated_preview_80x24", terminal.backend());
    });
    let text = format!("{}", terminal.backend());
    assert!(text.contains("preview at 10× — not counted"), "{text}");
    assert!(text.contains("tender 4/5"), "{text}");
    assert!(text.contains("42 min"), "{text}");
}
