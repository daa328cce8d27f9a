//! Colours that mean something: work, rest, transition, paused.
//!
//! With `NO_COLOR` set (to anything but the empty string, as no-color.org asks) every style
//! keeps its modifiers (bold, dim, reversed) but loses its colours, so the paused state and
//! the cue flash stay visible on a monochrome screen.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

use crate::plan::SegmentKind;

/// What a part of the screen is about, so that it can be coloured for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// The runner works on the body: timed, hold, circles, reps.
    Work,
    /// A rest, or a placement (the runner sets the ball down).
    Rest,
    /// The lead-in and the gaps between parts.
    Transition,
    /// The session is paused.
    Paused,
}

impl Mood {
    /// The mood of a segment of the plan.
    pub fn of(kind: &SegmentKind) -> Mood {
        match kind {
            SegmentKind::LeadIn | SegmentKind::Transition(_) => Mood::Transition,
            SegmentKind::Rest | SegmentKind::Placement { .. } => Mood::Rest,
            SegmentKind::Timed
            | SegmentKind::Hold { .. }
            | SegmentKind::Circles { .. }
            | SegmentKind::Reps { .. } => Mood::Work,
        }
    }
}

/// The styles the views use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False when `NO_COLOR` asks for no colour.
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// A theme with colours, or without.
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// The theme for the value of the `NO_COLOR` variable: colours unless it is set and not empty.
    pub fn for_no_color(no_color: Option<&OsStr>) -> Theme {
        Theme {
            color: no_color.is_none_or(|value| value.is_empty()),
        }
    }

    /// The theme for this process's environment.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The colour of a mood, when colours are on.
    pub fn mood_color(&self, mood: Mood) -> Option<Color> {
        if !self.color {
            return None;
        }
        Some(match mood {
            Mood::Work => Color::Green,
            Mood::Rest => Color::Blue,
            Mood::Transition => Color::Yellow,
            Mood::Paused => Color::Red,
        })
    }

    /// Text in the colour of a mood.
    pub fn mood(&self, mood: Mood) -> Style {
        self.fg(self.mood_color(mood))
    }

    /// The big digits of the time left, or the rep count.
    pub fn digits(&self, mood: Mood, paused: bool) -> Style {
        if paused {
            // Dimmed and grey: the time is frozen, the eye should go to PAUSED.
            self.fg(self.color.then_some(Color::DarkGray))
                .add_modifier(Modifier::DIM)
        } else {
            self.mood(mood).add_modifier(Modifier::BOLD)
        }
    }

    /// The PAUSED banner: reversed, so it is a solid block even without colour.
    pub fn paused_banner(&self) -> Style {
        self.mood(Mood::Paused)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// A badge such as LEFT / RIGHT: reversed, in the colour of the part.
    pub fn badge(&self, mood: Mood) -> Style {
        self.mood(mood)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// A whole area flooded with the colour of a mood, for a transition and the flash of a
    /// side switch: dark text on the colour, or reverse video without colours.
    pub fn flood(&self, mood: Mood) -> Style {
        match self.mood_color(mood) {
            Some(color) => Style::new().bg(color).fg(Color::Black),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Big words on the player (the side, the circle direction): bold in the terminal's own
    /// colour, so the digits stay the one coloured block.
    pub fn big_word(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Titles and names.
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: key hints, labels.
    pub fn muted(&self) -> Style {
        self.fg(self.color.then_some(Color::Gray))
    }

    /// A key in the key hints.
    pub fn key(&self) -> Style {
        self.fg(self.color.then_some(Color::Cyan))
            .add_modifier(Modifier::BOLD)
    }

    /// A routine's caution, and anything the runner must not miss.
    pub fn caution(&self) -> Style {
        self.fg(self.color.then_some(Color::LightRed))
            .add_modifier(Modifier::BOLD)
    }

    /// A notice such as "no sound device".
    pub fn notice(&self) -> Style {
        self.fg(self.color.then_some(Color::Yellow))
    }

    /// The selected line of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The filled part of a progress bar.
    pub fn gauge(&self, mood: Mood) -> Style {
        self.mood(mood)
    }

    /// The frame around the player: in the colour of the part, or solid when a cue flashes.
    pub fn frame(&self, mood: Mood, flash: bool) -> Style {
        let style = self.mood(mood);
        if flash {
            style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            style
        }
    }

    fn fg(&self, color: Option<Color>) -> Style {
        match color {
            Some(color) if self.color => Style::new().fg(color),
            _ => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_and_not_empty_turns_colours_off() {
        assert!(Theme::for_no_color(None).color);
        assert!(Theme::for_no_color(Some(OsStr::new(""))).color);
        assert!(!Theme::for_no_color(Some(OsStr::new("1"))).color);
    }

    #[test]
    fn without_colour_styles_keep_their_modifiers_only() {
        let theme = Theme::new(false);
        let banner = theme.paused_banner();
        assert_eq!(banner.fg, None);
        assert_eq!(banner.bg, None);
        assert!(banner.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(theme.mood(Mood::Work).fg, None);
    }

    #[test]
    fn moods_have_distinct_colours() {
        let theme = Theme::new(true);
        let colours = [Mood::Work, Mood::Rest, Mood::Transition, Mood::Paused]
            .map(|mood| theme.mood_color(mood));
        for (i, a) in colours.iter().enumerate() {
            assert!(a.is_some());
            for b in &colours[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
