//! `unknot plan ROUTINE`: the expanded timeline, as a table, as JSON, or as a printable sheet.

pub mod sheet;
pub mod table;
pub mod time_text;

use serde_json::{Map, Value, json};

use crate::cli::PlanArgs;
use crate::commands::failure::Failure;
use crate::config;
use crate::history::focus::{self, Focus};
use crate::library::{self, Origin};
use crate::output::Output;
use crate::plan::{self, Plan, PlanOptions, Segment, SegmentKind};
use crate::routine::Side;

pub fn run(args: &PlanArgs, out: &mut Output) -> Result<(), Failure> {
    let (entry, routine) = library::load(&args.routine)?;
    let mut options = PlanOptions {
        no_lead_in: args.no_lead_in,
        first_side: args.first_side.map(Side::from),
        lead_in: None,
    };
    // The timeline is the one `play` will play, so the runner's settings apply as they do there
    // (and segment indices match headless events). A sheet for a client shows the routine as
    // written: the trainer's own settings are not the client's.
    let mut focus_on = args.focus;
    if !args.markdown {
        let settings = config::load()?;
        options.first_side = options.first_side.or(settings.first_side);
        options.lead_in = settings.lead_in;
        focus_on |= settings.focus;
    }
    let plan = plan::expand(&routine, options);
    if focus_on {
        let (plan, focus) = focused(plan, &routine, &entry.name);
        return print_focused(args, &plan, &focus, out);
    }
    if args.json {
        match serde_json::to_string_pretty(&plan_json(&plan)) {
            Ok(text) => {
                writeln!(out, "{text}");
                Ok(())
            }
            Err(error) => Err(Failure::Invalid(format!(
                "could not write the plan: {error}"
            ))),
        }
    } else if args.markdown {
        let play_as = match &entry.origin {
            Origin::File(path) => super::shell_word(&path.display().to_string()),
            Origin::BuiltIn | Origin::User(_) => super::shell_word(&entry.name),
        };
        out.print(&sheet::render(&routine, &plan, &play_as));
        Ok(())
    } else {
        out.print(&table::render(&plan));
        Ok(())
    }
}

/// The plan as `--focus` plays it, from the history of this routine (its file stem is
/// `file`), with what focus changed. A history that cannot be read changes nothing and is
/// reported on stderr.
pub(crate) fn focused(plan: Plan, routine: &crate::routine::Routine, file: &str) -> (Plan, Focus) {
    let records = match crate::history::load() {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("unknot: warning: {warning}");
            }
            loaded.records
        }
        Err(error) => {
            eprintln!("unknot: warning: cannot read the history, so nothing is focused: {error}");
            Vec::new()
        }
    };
    let focus = focus::focus(&plan, routine, file, &records);
    (focus::apply(&plan, &focus), focus)
}

/// `plan --focus`: the focused timeline, each changed part with its reason.
fn print_focused(
    args: &PlanArgs,
    plan: &Plan,
    focus: &Focus,
    out: &mut Output,
) -> Result<(), Failure> {
    if args.json {
        let mut value = plan_json(plan);
        if let Some(segments) = value.get_mut("segments").and_then(Value::as_array_mut) {
            for (index, segment) in segments.iter_mut().enumerate() {
                if let (Some(object), Some(fields)) =
                    (segment.as_object_mut(), focus.json_fields(index))
                {
                    for (key, field) in fields {
                        object.insert(key.into(), field);
                    }
                }
            }
        }
        if let Some(object) = value.as_object_mut() {
            let cautions: Vec<Value> = focus
                .cautions
                .iter()
                .map(|c| json!({"spot": c.spot, "text": c.text}))
                .collect();
            object.insert("focus_cautions".into(), Value::Array(cautions));
        }
        return match serde_json::to_string_pretty(&value) {
            Ok(text) => {
                writeln!(out, "{text}");
                Ok(())
            }
            Err(error) => Err(Failure::Invalid(format!(
                "could not write the plan: {error}"
            ))),
        };
    }
    let mut text = table::render(plan);
    let lines = focus.lines(plan);
    if lines.is_empty() {
        text.push_str("\nFocus: no spot rated 4 or 5 lately, so nothing changes.\n");
    } else {
        text.push('\n');
        for line in lines {
            text.push_str(&crate::history::report::printable(&line));
            text.push('\n');
        }
    }
    out.print(&text);
    Ok(())
}

/// The timeline as `plan --json` prints it (the shape is in the command-line contract).
pub fn plan_json(plan: &Plan) -> Value {
    json!({
        "name": plan.name,
        "total_seconds": plan.total.as_secs_f64(),
        "segments": plan.segments.iter().map(segment_json).collect::<Vec<_>>(),
    })
}

/// One segment of `plan --json`.
pub fn segment_json(segment: &Segment) -> Value {
    let mut object = Map::new();
    object.insert("index".into(), json!(segment.index));
    object.insert("start".into(), json!(segment.start.as_secs_f64()));
    object.insert("duration".into(), json!(segment.duration.as_secs_f64()));
    object.insert("kind".into(), json!(segment.kind.as_str()));
    object.insert("name".into(), json!(segment.name));
    object.insert("step".into(), json!(segment.step));
    object.insert("side".into(), json!(segment.side.map(Side::as_str)));
    object.insert("spot".into(), json!(segment.spot.map(|s| s.number)));
    object.insert("wait".into(), json!(segment.is_wait()));
    match segment.kind {
        SegmentKind::Transition(kind) => {
            object.insert("transition".into(), json!(kind.as_str()));
        }
        SegmentKind::Hold { min: Some(min) } => {
            object.insert("min_duration".into(), json!(min.as_secs_f64()));
        }
        _ => {}
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::plan::{Spot, TransitionKind};

    fn segment(kind: SegmentKind) -> Segment {
        Segment {
            index: 2,
            start: Duration::from_secs(310),
            duration: Duration::from_secs(5),
            kind,
            name: "Next: Hamstring: small circles".into(),
            step: Some(2),
            side: Some(Side::Right),
            spot: Some(Spot { number: 1, of: 3 }),
            round: 1,
        }
    }

    #[test]
    fn a_transition_has_its_sort_and_describes_what_follows() {
        let value = segment_json(&segment(SegmentKind::Transition(TransitionKind::Next)));
        assert_eq!(
            value,
            json!({"index": 2, "start": 310.0, "duration": 5.0, "kind": "transition",
                   "name": "Next: Hamstring: small circles", "step": 2, "side": "right",
                   "spot": 1, "wait": false, "transition": "next"})
        );
    }

    #[test]
    fn a_hold_range_has_its_minimum_and_a_wait_is_marked() {
        let mut hold = segment(SegmentKind::Hold {
            min: Some(Duration::from_millis(15_500)),
        });
        hold.duration = Duration::from_secs(30);
        let value = segment_json(&hold);
        assert_eq!(value["min_duration"], json!(15.5));
        assert_eq!(value["duration"], json!(30.0));
        assert!(value.get("transition").is_none());

        let mut wait = segment(SegmentKind::Placement { wait: true });
        wait.duration = Duration::ZERO;
        wait.spot = None;
        wait.side = None;
        let value = segment_json(&wait);
        assert_eq!(value["wait"], json!(true));
        assert_eq!(value["duration"], json!(0.0));
        assert_eq!(value["spot"], Value::Null);
        assert_eq!(value["side"], Value::Null);
        assert!(value.get("min_duration").is_none());
    }
}
