//! Arbitrary bytes as a routine file: reading it must never panic, every mistake must point
//! inside the file, and a routine that reads as valid must expand into a consistent plan.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use unknot::plan::{self, PlanOptions};
use unknot::routine::{self, ParseOptions, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source {
        path: PathBuf::from("fuzz.toml"),
        text: text.into(),
        base_dir: None,
    };
    match routine::parse(&source, &ParseOptions::TEXT_ONLY) {
        Ok(routine) => {
            assert!(!routine.steps.is_empty());
            let plan = plan::expand(&routine, PlanOptions::default());
            let sum: std::time::Duration = plan.segments.iter().map(|s| s.duration).sum();
            assert_eq!(plan.total, sum);
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in diagnostics.iter() {
                assert!(d.span.end <= text.len() && d.span.start <= d.span.end);
                assert!(d.line >= 1 && d.column >= 1);
            }
            // Nothing from the file may reach the terminal as a control character.
            let rendered = diagnostics.render(false);
            assert!(rendered.chars().all(|c| c == '\n'
                || !(c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c))));
        }
    }
});
