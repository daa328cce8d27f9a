//! The centre's rows of words: the facts of the part, the status under the digits, and what
//! comes next.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::plan::Segment;
use crate::session::{Answer, ReleaseState};
use crate::tui::theme::Mood;

use super::band::side_word;
use crate::tui::view::{PlayerView, format, parts};

/// "spot 2 of 3", the rating, "round 2 of 3".
pub(super) fn facts<'a>(view: &PlayerView, segment: &Segment) -> Vec<Span<'a>> {
    let theme = view.theme;
    let mut texts: Vec<(String, Style)> = Vec::new();
    if let Some(spot) = segment.spot {
        texts.push((
            format!("spot {} of {}", spot.number, spot.of),
            theme.title(),
        ));
    }
    if let Some(rating) = view.rating {
        texts.push((format!("tender {rating}/5"), theme.title()));
    }
    let rounds = view.routine.settings.rounds;
    if rounds > 1 {
        texts.push((
            format!("round {} of {rounds}", segment.round),
            theme.muted(),
        ));
    }
    let mut spans = Vec::new();
    for (text, style) in texts {
        if !spans.is_empty() {
            spans.push(Span::raw("  ·  "));
        }
        spans.push(Span::styled(text, style));
    }
    spans
}

/// The answer to a key that could not be done, the release of a hold range, the next
/// reversal of circles, or the time a set of reps has left.
pub(super) fn status_line<'a>(view: &PlayerView) -> Option<Line<'a>> {
    let theme = view.theme;
    let status = view.status;
    match status.answer {
        Some(Answer::NotYet(left)) => {
            return Some(Line::from(Span::styled(
                format!(" not yet — {} s ", format::seconds_left(left)),
                theme.badge(Mood::Paused),
            )));
        }
        Some(Answer::NothingToRate) => {
            return Some(Line::from(Span::styled(
                " nothing to rate here ",
                theme.badge(Mood::Paused),
            )));
        }
        None => {}
    }
    if status.waiting {
        // The prompt stands in for the digits.
        return None;
    }
    if let Some(release) = status.release {
        return Some(match release {
            ReleaseState::In(left) => Line::from(Span::styled(
                format!("release in {} s", format::seconds_left(left)),
                theme.title(),
            )),
            ReleaseState::Allowed => Line::from(Span::styled(
                " you may release — Enter ",
                theme.badge(Mood::Rest),
            )),
        });
    }
    if let Some(left) = status.reverse_in {
        return Some(Line::from(Span::styled(
            format!("reverse in {} s", format::seconds_left(left)),
            theme.title(),
        )));
    }
    if status.rep.is_some() {
        return Some(Line::from(Span::styled(
            format!("{} left", format::clock_left(status.remaining)),
            theme.muted(),
        )));
    }
    None
}

/// "Next: Hamstring: small circles · LEFT · spot 1 of 3 · 45 s", or that this is the last
/// part. On a narrow screen the spot, then the side, are left out before the line is cut.
pub(super) fn next_text(view: &PlayerView, width: u16) -> String {
    let Some(next) = parts::next_part(view.plan, view.status.segment) else {
        return "Last part".to_string();
    };
    let name = format!("Next: {}", next.name);
    let side = next.side.map(|side| side_word(side).to_string());
    let spot = next
        .spot
        .map(|spot| format!("spot {} of {}", spot.number, spot.of));
    let length = parts::planned_length(next);
    let candidates = [
        vec![Some(name.clone()), side.clone(), spot, Some(length.clone())],
        vec![Some(name.clone()), side, Some(length.clone())],
        vec![Some(name.clone()), Some(length)],
        vec![Some(name)],
    ];
    let joined: Vec<String> = candidates
        .into_iter()
        .map(|facts| facts.into_iter().flatten().collect::<Vec<_>>().join(" · "))
        .collect();
    // The name alone may still be too long: it ends with "…" rather than mid-word.
    joined
        .iter()
        .find(|text| Line::from(text.as_str()).width() <= usize::from(width))
        .cloned()
        .or_else(|| {
            joined
                .last()
                .map(|text| format::cut(text, usize::from(width)))
        })
        .unwrap_or_default()
}
