//! The picker's state: the routines, the filter typed so far and the selected routine.

use std::time::Duration;

/// One routine of the library, as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PickerItem {
    /// The library name (the file stem), as `unknot play NAME` takes it.
    pub name: String,
    /// The routine's own name, from its `[routine]` table.
    pub title: String,
    /// The planned total; `None` when the file is invalid.
    pub planned: Option<Duration>,
    pub equipment: Vec<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Where it comes from, as `unknot list` says it: "built-in" or "user".
    pub origin: String,
    /// Why the file can't be played, when it is invalid.
    pub invalid: Option<String>,
    /// When it was last played, already written for people (e.g. "yesterday").
    pub last_played: Option<String>,
}

impl PickerItem {
    /// True when every word of the filter occurs (ignoring case) in the name, title,
    /// equipment, tags or description.
    fn matches(&self, words: &[String]) -> bool {
        if words.is_empty() {
            return true;
        }
        let mut haystack = format!("{} {}", self.name, self.title);
        for text in self.equipment.iter().chain(&self.tags) {
            haystack.push(' ');
            haystack.push_str(text);
        }
        if let Some(description) = &self.description {
            haystack.push(' ');
            haystack.push_str(description);
        }
        let haystack = haystack.to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    }
}

/// The picker: a filter typed as the runner goes, and a selection among the routines it lets
/// through. The selection stays on the same routine while the filter changes, when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerState {
    items: Vec<PickerItem>,
    filter: String,
    /// Indices into `items` of the routines the filter lets through, in library order.
    visible: Vec<usize>,
    /// Position in `visible` of the selected routine.
    selected: usize,
}

impl PickerState {
    /// A picker over `items`, with no filter and the first routine selected.
    pub fn new(items: Vec<PickerItem>) -> PickerState {
        let visible = (0..items.len()).collect();
        PickerState {
            items,
            filter: String::new(),
            visible,
            selected: 0,
        }
    }

    /// Adds a typed character to the filter. Control characters are ignored.
    pub fn type_char(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        self.filter.push(c);
        self.refilter();
    }

    /// Removes the last character of the filter.
    pub fn backspace(&mut self) {
        if self.filter.pop().is_some() {
            self.refilter();
        }
    }

    /// Empties the filter.
    pub fn clear_filter(&mut self) {
        if !self.filter.is_empty() {
            self.filter.clear();
            self.refilter();
        }
    }

    /// Selects the routine above, stopping at the first.
    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    /// Selects the routine below, stopping at the last.
    pub fn down(&mut self) {
        if self.selected + 1 < self.visible.len() {
            self.selected += 1;
        }
    }

    /// The selected routine, if the filter lets any through.
    pub fn selected(&self) -> Option<&PickerItem> {
        self.visible
            .get(self.selected)
            .and_then(|&index| self.items.get(index))
    }

    /// Position of the selected routine among the visible ones.
    pub fn selected_position(&self) -> Option<usize> {
        (self.selected < self.visible.len()).then_some(self.selected)
    }

    /// The routines the filter lets through, in library order.
    pub fn visible(&self) -> Vec<&PickerItem> {
        self.visible
            .iter()
            .filter_map(|&index| self.items.get(index))
            .collect()
    }

    /// The filter typed so far.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Every routine, whatever the filter.
    pub fn items(&self) -> &[PickerItem] {
        &self.items
    }

    fn refilter(&mut self) {
        let kept = self.visible.get(self.selected).copied();
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.visible = (0..self.items.len())
            .filter(|&index| self.items[index].matches(&words))
            .collect();
        self.selected = kept
            .and_then(|kept| self.visible.iter().position(|&index| index == kept))
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, title: &str, tags: &[&str]) -> PickerItem {
        PickerItem {
            name: name.to_string(),
            title: title.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            origin: "built-in".to_string(),
            ..PickerItem::default()
        }
    }

    fn names(picker: &PickerState) -> Vec<&str> {
        picker.visible().iter().map(|i| i.name.as_str()).collect()
    }

    fn library() -> PickerState {
        PickerState::new(vec![
            item("hamstrings", "Hamstrings & glutes", &["post-run"]),
            item("warm-up", "Pre-run dynamic warm-up", &["pre-run"]),
            item("feet", "Foot and calf", &["lacrosse"]),
        ])
    }

    #[test]
    fn typing_filters_by_every_word_ignoring_case() {
        let mut picker = library();
        for c in "RUN".chars() {
            picker.type_char(c);
        }
        assert_eq!(names(&picker), ["hamstrings", "warm-up"]);
        for c in " pre".chars() {
            picker.type_char(c);
        }
        assert_eq!(names(&picker), ["warm-up"]);
        picker.backspace();
        picker.backspace();
        picker.backspace();
        assert_eq!(picker.filter(), "RUN ");
        assert_eq!(names(&picker), ["hamstrings", "warm-up"]);
    }

    #[test]
    fn the_selection_moves_within_the_visible_routines_and_stops_at_the_ends() {
        let mut picker = library();
        picker.up();
        assert_eq!(
            picker.selected().map(|i| i.name.as_str()),
            Some("hamstrings")
        );
        picker.down();
        picker.down();
        picker.down();
        assert_eq!(picker.selected().map(|i| i.name.as_str()), Some("feet"));
    }

    #[test]
    fn the_selection_stays_on_its_routine_while_it_is_visible() {
        let mut picker = library();
        picker.down();
        picker.type_char('r');
        assert_eq!(picker.selected().map(|i| i.name.as_str()), Some("warm-up"));
        picker.type_char('z');
        assert_eq!(picker.selected(), None);
        assert_eq!(picker.selected_position(), None);
        picker.down();
        assert_eq!(picker.selected(), None);
        picker.clear_filter();
        assert_eq!(
            picker.selected().map(|i| i.name.as_str()),
            Some("hamstrings")
        );
    }

    #[test]
    fn an_empty_library_selects_nothing() {
        let mut picker = PickerState::new(Vec::new());
        picker.down();
        picker.up();
        picker.type_char('a');
        assert_eq!(picker.selected(), None);
        assert!(picker.visible().is_empty());
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut picker = library();
        picker.type_char('\u{1b}');
        picker.type_char('\n');
        assert_eq!(picker.filter(), "");
    }
}
