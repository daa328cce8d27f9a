//! No input makes reading panic, and nothing unsafe reaches the terminal.

use proptest::strategy::Strategy;

use super::*;

#[test]
fn no_panic_on_odd_documents() {
    for text in [
        "",
        "\u{0}",
        "step = 3",
        "step = [1, 2]",
        "routine = []",
        "[[routine]]\nname = \"x\"",
        "[routine]\nname = 3\nequipment = \"ball\"",
        "[[step]]\n[[step]]\nkind = 3",
        "[[step]]\nkind = \"hold\"\nduration = \"..\"",
        "[[step]]\nkind = \"hold\"\nduration = \"1s..2s..3s\"",
        "[[step]]\nkind = \"timed\"\nduration = 99999999999999999999",
        "[[step]]\nkind = \"timed\"\nduration = \"99999999999999999999999h\"",
        "[[step]]\nkind = \"timed\"\nduration = 0x10",
        "[[step]]\nkind = \"timed\"\nduration = 1979-05-27",
        "[sounds]\nstart = \"\"",
        "[sounds]\nstart = \"/\"",
        "format = 1.0",
        "format = 0b1",
        "a.b.c = 1",
    ] {
        let _ = parse(&source(text), &ParseOptions::TEXT_ONLY);
    }
}

/// Whether `c` could change what a terminal shows, other than a line break.
fn unsafe_for_terminal(c: char) -> bool {
    c != '\n'
        && (c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c))
}

const TEMPLATE: &str = "format = 1\n[routine]\nname = \"Calves\"\ntags = [\"a\"]\n[settings]\nlead_in = \"5s\"\nrounds = 2\n[sounds]\nstart = \"bell\"\n[[step]]\nkind = \"circles\"\nname = \"C\"\nside = \"both\"\nspots = 2\nduration = \"40s\"\nreverse_every = \"20s\"\n[[step]]\nkind = \"hold\"\nname = \"H\"\nduration = \"15s..30s\"\n[[step]]\nkind = \"reps\"\nname = \"R\"\nreps = 5\ntempo = \"2s\"\n";

// The case count is proptest's own (256, or PROPTEST_CASES): the measurement run plays it deep.
proptest::proptest! {

    /// The same checks as the fuzz target (fuzz/fuzz_targets/parse.rs), on edits of a valid
    /// routine: no panic, every mistake inside the file, nothing unsafe printed, and a valid
    /// routine expands into a plan whose total is the sum of its segments.
    #[test]
    fn edited_routines_never_panic(
        edits in proptest::collection::vec(
            (0usize..400, proptest::prop_oneof![
                proptest::string::string_regex("(?s).{0,6}").unwrap(),
                proptest::sample::select(vec![
                    "\"", "[", "]]", "=", "..", "\n", "\\u001b", "\u{202e}", "\u{9b}", "0", "-1",
                    "99999999999999999999", "1.5", "h", "m", "s", "[[step]]\n", "kind = \"rest\"\n",
                ]).prop_map(String::from),
            ]),
            0..6,
        )
    ) {
        let mut text = TEMPLATE.to_string();
        for (at, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        match parse(&source(&text), &ParseOptions::TEXT_ONLY) {
            Ok(routine) => {
                let plan = crate::plan::expand(&routine, crate::plan::PlanOptions::default());
                let sum: Duration = plan.segments.iter().map(|s| s.duration).sum();
                proptest::prop_assert_eq!(plan.total, sum);
            }
            Err(diagnostics) => {
                proptest::prop_assert!(!diagnostics.is_empty());
                for d in diagnostics.iter() {
                    proptest::prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
                    proptest::prop_assert!(d.line >= 1 && d.column >= 1);
                }
                let rendered = diagnostics.render(false);
                proptest::prop_assert!(!rendered.chars().any(unsafe_for_terminal), "{}", rendered);
            }
        }
    }
}
