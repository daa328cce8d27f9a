//! The rules of routine format v1, said once: which tables and keys there are, which keys each
//! kind of step takes, and every limit. The parser and the checker read a routine by them, the
//! JSON Schema (`unknot schema`) describes them to editors and the messages quote them, so a
//! rule changed here changes everywhere at once.
//!
//! The names of the cues a routine may give a sound and of the built-in sounds are
//! [`SoundCue::key`](super::SoundCue::key) and [`BuiltinSound::name`](super::BuiltinSound::name);
//! the bounds of the timeline a routine expands into (segments, cues, planned length) are the
//! plan's (`crate::plan::MAX_SEGMENTS` and beside it).

use std::ops::RangeInclusive;
use std::time::Duration;

/// The one version of the format there is: `format = 1`.
pub const FORMAT: i64 = 1;

/// The keys at the top level of a routine file.
pub const TOP_KEYS: [&str; 6] = ["format", "routine", "settings", "sounds", "step", "voice"];
/// The keys of `[routine]`.
pub const ROUTINE_KEYS: [&str; 7] = [
    "name",
    "description",
    "author",
    "equipment",
    "tags",
    "caution",
    "language",
];
/// The keys of `[settings]`.
pub const SETTINGS_KEYS: [&str; 9] = [
    "lead_in",
    "transition",
    "first_side",
    "countdown",
    "rounds",
    "focus",
    "focus_max",
    "focus_holds",
    "focus_reps",
];

/// The keys every `[[step]]` has, whatever its kind.
pub const COMMON_STEP_KEYS: [&str; 8] = [
    "kind",
    "name",
    "instructions",
    "area",
    "tool",
    "side",
    "spots",
    "transition",
];

/// One kind of step: the keys it adds to the common ones, in the order they are listed, and
/// those of them it cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindRules {
    pub kind: &'static str,
    pub keys: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// Every kind of step, in the order they are listed.
pub const KIND_RULES: [KindRules; 6] = [
    KindRules {
        kind: "timed",
        keys: &["duration"],
        required: &["duration"],
    },
    KindRules {
        kind: "hold",
        keys: &["duration"],
        required: &["duration"],
    },
    KindRules {
        kind: "circles",
        keys: &["duration", "reverse_every"],
        required: &["duration"],
    },
    KindRules {
        kind: "reps",
        keys: &["reps", "tempo"],
        required: &["reps"],
    },
    // Without a duration, a placement waits for Enter.
    KindRules {
        kind: "placement",
        keys: &["duration"],
        required: &[],
    },
    KindRules {
        kind: "rest",
        keys: &["duration"],
        required: &["duration"],
    },
];

/// The names of the kinds of step: `kind = "timed"`.
pub const KINDS: [&str; KIND_RULES.len()] = {
    let mut kinds = [""; KIND_RULES.len()];
    let mut index = 0;
    while index < KIND_RULES.len() {
        kinds[index] = KIND_RULES[index].kind;
        index += 1;
    }
    kinds
};

/// The keys `kind` adds to the common ones; none for a kind that does not exist.
pub fn kind_keys(kind: &str) -> &'static [&'static str] {
    KIND_RULES
        .iter()
        .find(|rules| rules.kind == kind)
        .map_or(&[], |rules| rules.keys)
}

/// The keys `kind` cannot do without.
pub fn required_keys(kind: &str) -> &'static [&'static str] {
    KIND_RULES
        .iter()
        .find(|rules| rules.kind == kind)
        .map_or(&[], |rules| rules.required)
}

/// Every key that belongs to some kind, each once, in the order the kinds list them.
pub fn all_kind_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for key in KIND_RULES.iter().flat_map(|rules| rules.keys) {
        if !keys.contains(key) {
            keys.push(key);
        }
    }
    keys
}

/// The words of a step's `side`; `"none"` is the default.
pub const SIDES: [&str; 4] = ["left", "right", "both", "none"];
/// The words of `[settings] first_side`.
pub const FIRST_SIDES: [&str; 2] = ["left", "right"];

/// The key of a step that brings in the steps of another file.
pub const INCLUDE: &str = "include";
/// What a step that includes a file may set for the steps it brings in.
pub const INCLUDE_OVERRIDES: [&str; 3] = ["name", "side", "transition"];
/// Every key of a step that includes a file.
pub const INCLUDE_KEYS: [&str; 4] = [
    INCLUDE,
    INCLUDE_OVERRIDES[0],
    INCLUDE_OVERRIDES[1],
    INCLUDE_OVERRIDES[2],
];
/// The keys of an included file (a block): steps only, and the format.
pub const BLOCK_KEYS: [&str; 2] = ["format", "step"];
/// How deep blocks may include blocks.
pub const MAX_INCLUDE_DEPTH: usize = 8;
/// A routine, includes expanded, has at most this many steps (includes count as steps too).
pub const MAX_STEPS: usize = 1000;

/// The kinds of sound file a `[sounds]` entry may name, by extension.
pub const SOUND_FILE_EXTENSIONS: [&str; 3] = ["wav", "ogg", "flac"];

/// The most bytes one routine or block file may hold: 1 MiB. The longest built-in routine is
/// 6 KB; a thousand steps (the most a routine may have) written out in full are about 300 KB.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The most text a routine may bring in, its own and its blocks', a block counted once for
/// every time it is included: 8 MiB, eight routine files at their limit. Parsing is linear in
/// this, so no routine can make a check take more than about a second.
pub const MAX_ROUTINE_BYTES: u64 = 8 << 20;

/// The most characters a name (of the routine, of a step) may have; at least one.
pub const MAX_NAME_CHARS: usize = 80;

/// `spots`: how many spots a step is done on.
pub const SPOTS: RangeInclusive<i64> = 1..=10;
/// `reps`: how many reps a `reps` step counts.
pub const REPS: RangeInclusive<i64> = 1..=500;
/// `countdown`: audible ticks in the last seconds of a timed part; 0 for none.
pub const COUNTDOWN: RangeInclusive<i64> = 0..=10;
/// `rounds`: how many times the whole list of steps is played.
pub const ROUNDS: RangeInclusive<i64> = 1..=20;

/// The longest any single duration may be.
pub const MAX_DURATION: Duration = Duration::from_secs(2 * 60 * 60);
/// The shortest a part, a transition, a lead-in or `reverse_every` may be (a transition or a
/// lead-in may also be zero: none). Shorter is no time to do anything, and a player that must
/// sound a cue every few microseconds has no time left for the runner's keys.
pub const MIN_DURATION: Duration = Duration::from_millis(500);
/// Durations are counted in whole milliseconds; a finer one is refused, not rounded, so that
/// what a routine says is exactly what plays.
pub const RESOLUTION: Duration = Duration::from_millis(1);
/// A rep's `tempo` goes from one rep every half second to one a minute.
pub const MIN_TEMPO: Duration = Duration::from_millis(500);
pub const MAX_TEMPO: Duration = Duration::from_secs(60);

/// What `--focus` may add to one part, whatever the routine's `focus_max` says: at most this
/// share of the part's length…
pub const FOCUS_MAX_EXTRA_SHARE: f64 = 0.5;
/// …and never so much that the part grows past this.
pub const FOCUS_LONGEST_PART: Duration = Duration::from_secs(90);

/// What a routine that leaves a key out gets.
pub const DEFAULT_LEAD_IN: Duration = Duration::from_secs(5);
pub const DEFAULT_TRANSITION: Duration = Duration::from_secs(5);
pub const DEFAULT_COUNTDOWN: u8 = 3;
pub const DEFAULT_ROUNDS: u8 = 1;
pub const DEFAULT_SPOTS: u8 = 1;
pub const DEFAULT_TEMPO: Duration = Duration::from_secs(3);

// Limits that contradict each other do not build.
const _: () = assert!(MIN_DURATION.as_nanos() < MAX_DURATION.as_nanos());
const _: () = assert!(MIN_TEMPO.as_nanos() < MAX_TEMPO.as_nanos());
const _: () = assert!(MAX_FILE_BYTES <= MAX_ROUTINE_BYTES);

/// The fewest whole seconds that are at least `duration`: the smallest bare number of seconds
/// a key bounded below by `duration` takes.
pub const fn whole_seconds_at_least(duration: Duration) -> u64 {
    if duration.subsec_nanos() == 0 {
        duration.as_secs()
    } else {
        duration.as_secs() + 1
    }
}

/// A duration said in words for a message: "2 hours", "1 minute", "0.5 s".
pub fn in_words(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let plural = |count: u64, unit: &str| {
        if count == 1 {
            format!("1 {unit}")
        } else {
            format!("{count} {unit}s")
        }
    };
    if duration.subsec_nanos() == 0 && seconds >= 3600 && seconds.is_multiple_of(3600) {
        plural(seconds / 3600, "hour")
    } else if duration.subsec_nanos() == 0 && seconds >= 60 && seconds.is_multiple_of(60) {
        plural(seconds / 60, "minute")
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}

/// Words joined as a list is said: "a, b or c".
pub fn listed(words: &[&str], last: &str) -> String {
    match words {
        [] => String::new(),
        [only] => (*only).to_string(),
        [first @ .., final_word] => format!("{} {last} {final_word}", first.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_and_requires_only_its_own_keys() {
        assert_eq!(
            KINDS,
            ["timed", "hold", "circles", "reps", "placement", "rest"]
        );
        for rules in KIND_RULES {
            assert!(
                rules.required.iter().all(|key| rules.keys.contains(key)),
                "{rules:?}"
            );
            assert!(
                rules.keys.iter().all(|key| !COMMON_STEP_KEYS.contains(key)),
                "{rules:?}"
            );
        }
        assert_eq!(
            all_kind_keys(),
            ["duration", "reverse_every", "reps", "tempo"]
        );
        assert_eq!(kind_keys("circles"), ["duration", "reverse_every"]);
        assert_eq!(required_keys("placement"), [] as [&str; 0]);
        assert_eq!(kind_keys("dance"), [] as [&str; 0]);
    }

    #[test]
    fn an_include_takes_its_own_key_and_the_overrides() {
        assert_eq!(INCLUDE_KEYS, ["include", "name", "side", "transition"]);
        assert!(
            INCLUDE_OVERRIDES
                .iter()
                .all(|key| COMMON_STEP_KEYS.contains(key))
        );
    }

    #[test]
    fn defaults_lie_within_their_limits() {
        assert!(COUNTDOWN.contains(&i64::from(DEFAULT_COUNTDOWN)));
        assert!(ROUNDS.contains(&i64::from(DEFAULT_ROUNDS)));
        assert!(SPOTS.contains(&i64::from(DEFAULT_SPOTS)));
        assert!((MIN_TEMPO..=MAX_TEMPO).contains(&DEFAULT_TEMPO));
        for gap in [DEFAULT_LEAD_IN, DEFAULT_TRANSITION] {
            assert!((MIN_DURATION..=MAX_DURATION).contains(&gap));
        }
    }

    #[test]
    fn durations_are_said_in_words() {
        assert_eq!(in_words(MAX_DURATION), "2 hours");
        assert_eq!(in_words(Duration::from_secs(3600)), "1 hour");
        assert_eq!(in_words(Duration::from_secs(90)), "90 s");
        assert_eq!(in_words(Duration::from_secs(120)), "2 minutes");
        assert_eq!(in_words(MIN_DURATION), "0.5 s");
        assert_eq!(whole_seconds_at_least(MIN_DURATION), 1);
        assert_eq!(whole_seconds_at_least(MAX_TEMPO), 60);
        assert_eq!(
            listed(&KINDS, "or"),
            "timed, hold, circles, reps, placement or rest"
        );
        assert_eq!(listed(&["a"], "and"), "a");
    }
}
