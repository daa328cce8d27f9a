//! The built-in routines: the project's `routines/*.toml`, compiled into the binary.

/// One built-in routine: its name (the file stem) and the file's text.
pub struct BuiltIn {
    pub name: &'static str,
    pub text: &'static str,
}

/// Every built-in routine, sorted by name.
pub const BUILT_IN: [BuiltIn; 5] = [
    BuiltIn {
        name: "foot-calf-lacrosse",
        text: include_str!("../../routines/foot-calf-lacrosse.toml"),
    },
    BuiltIn {
        name: "hamstrings-glutes-lacrosse",
        text: include_str!("../../routines/hamstrings-glutes-lacrosse.toml"),
    },
    BuiltIn {
        name: "lower-body-foam-roller",
        text: include_str!("../../routines/lower-body-foam-roller.toml"),
    },
    BuiltIn {
        name: "pre-run-dynamic",
        text: include_str!("../../routines/pre-run-dynamic.toml"),
    },
    BuiltIn {
        name: "pre-run-dynamic-de",
        text: include_str!("../../routines/pre-run-dynamic-de.toml"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_routines_are_sorted_and_named_uniquely() {
        let names: Vec<_> = BUILT_IN.iter().map(|b| b.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }
}
