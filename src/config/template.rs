//! The commented settings file that `unknot config --init` writes, made from the table of
//! settings ([`super::settings`]).
//!
//! Every setting is shown commented out at its default (or, where the default is to leave it
//! out, at an example), so the new file changes nothing until the runner removes a `#` and
//! edits the value.

use super::Key;

/// What the file says before the settings.
const HEADER: &str = "\
# unknot settings.
#
# Every setting is optional: remove the \"# \" in front of one to change it.
# `unknot config` shows the settings in effect and where each comes from.
# Flags on the command line (--mute, --voice, --first-side, --no-lead-in) win over this file.

";

/// What the file says after them: the `[hooks]` section has no default to show.
const FOOTER: &str = "\
# Programs to run (no shell) as a session goes, with the event's JSON line on
# their standard input, go in a [hooks] section at the end: see docs/media-keys.md.
";

/// The starter file: every setting, group by group, with what it does and its value.
pub fn text() -> String {
    let mut keys = Key::ALL;
    // Stable: within a group, the settings keep the order of the table.
    keys.sort_by_key(|key| key.group());
    let mut text = String::from(HEADER);
    for key in keys {
        for line in key.doc() {
            text.push('#');
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&format!("# {} = {}\n\n", key.name(), key.example()));
    }
    text.push_str(FOOTER);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_groups_the_voice_after_the_sound() {
        let text = text();
        let at = |name: &str| text.find(&format!("\n# {name} = ")).unwrap_or(usize::MAX);
        assert!(at("volume") < at("mute"));
        assert!(at("mute") < at("voice"));
        assert!(at("voice") < at("voice_name"));
        assert!(at("voice_announce") < at("buffer_frames"));
        assert!(at("weekly_target") < at("media_controls"));
        assert!(text.contains("# voice_name = \"en-us\"\n"));
        assert!(text.contains("# lead_in = \"10s\"\n"));
        assert!(text.ends_with("see docs/media-keys.md.\n"));
    }
}
