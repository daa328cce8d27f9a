//! Routines written to attack: includes that reach outside the routine's folder, control
//! characters in file names, includes that multiply their text, odd spellings of `format`.
//! Files are in memory, given to the parser through its file access.

use super::super::super::reads::MAX_ROUTINE_BYTES;
use super::super::super::source::MemoryFiles;
use super::*;

const STEP: &str = "[[step]]\nkind = \"rest\"\nname = \"Rest\"\nduration = 5\n";

fn main_with(steps: &str) -> String {
    format!("{HEAD}{steps}")
}

/// Every mistake as `line:column message`, the routine at `/r/main.toml`.
fn mistakes(main: &str, files: MemoryFiles) -> Vec<String> {
    let mut files = files;
    files
        .files
        .insert(PathBuf::from("/r/main.toml"), main.as_bytes().to_vec());
    let source = Source::from_file(Path::new("/r/main.toml"), main.to_string());
    match parse(&source, &files.options()) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.message))
            .collect(),
    }
}

#[test]
fn an_include_stays_inside_the_routines_folder() {
    let secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n";
    let files = || {
        let mut files = MemoryFiles::with(&[
            ("/home/me/.ssh/id_ed25519", secret),
            ("/r/blocks/calf.toml", STEP),
        ]);
        files.links.push((
            "/r/blocks/key.toml".into(),
            "/home/me/.ssh/id_ed25519".into(),
        ));
        files
    };
    for (include, expected) in [
        (
            "/home/me/.ssh/id_ed25519",
            "the included file \"/home/me/.ssh/id_ed25519\" cannot be used: it is an absolute path",
        ),
        (
            "../home/me/.ssh/id_ed25519",
            "the included file \"../home/me/.ssh/id_ed25519\" cannot be used: it is outside the routine's folder \"/r\"",
        ),
        (
            "blocks/key.toml",
            "the included file \"blocks/key.toml\" cannot be used: it is outside the routine's folder \"/r\"",
        ),
    ] {
        let main = main_with(&format!("[[step]]\ninclude = \"{include}\"\n"));
        let found = mistakes(&main, files());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with(&format!("5:11 {expected}")),
            "{found:#?}"
        );
        assert!(!found[0].contains("BEGIN") && !found[0].contains("b3Bl"));
    }
    // Inside the folder, `..` is fine.
    let main = main_with("[[step]]\ninclude = \"blocks/../blocks/calf.toml\"\n");
    assert_eq!(mistakes(&main, files()), Vec::<String>::new());
}

#[test]
fn a_nested_include_keeps_the_routines_folder_as_its_root() {
    let files = MemoryFiles::with(&[
        (
            "/r/blocks/a.toml",
            "[[step]]\ninclude = \"../../x/b.toml\"\n",
        ),
        ("/x/b.toml", STEP),
    ]);
    let main = main_with("[[step]]\ninclude = \"blocks/a.toml\"\n");
    let found = mistakes(&main, files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("2:11 the included file \"../../x/b.toml\" cannot be used: it is outside the routine's folder \"/r\""),
        "{found:#?}"
    );
}

#[test]
fn control_characters_in_file_names_are_refused_where_they_are_written() {
    let main = main_with("[[step]]\ninclude = \"blocks/\\u001b[2Jcalf.toml\"\n");
    let found = mistakes(&main, MemoryFiles::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("5:11 `include` contains an escape character (U+001B)"),
        "{found:#?}"
    );
    assert!(!found[0].contains('\u{1b}'));
    let main = format!("{HEAD}[sounds]\nstart = \"s\\u202eevaw.wav\"\n{STEP}");
    let found = mistakes(&main, MemoryFiles::default());
    assert!(
        found[0].starts_with("5:9 `start` contains a bidirectional override (U+202E)"),
        "{found:#?}"
    );
}

#[test]
fn a_sound_file_stays_inside_the_routines_folder() {
    let files = MemoryFiles::with(&[("/etc/gong.wav", ""), ("/r/gong.wav", "")]);
    let main = format!("{HEAD}[sounds]\nstart = \"../etc/gong.wav\"\nend = \"gong.wav\"\n{STEP}");
    let found = mistakes(&main, files);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("it is outside the routine's folder"),
        "{found:#?}"
    );
}

#[test]
fn a_block_included_many_times_is_read_once() {
    let files = MemoryFiles::with(&[("/r/calf.toml", STEP)]);
    let main = main_with(&"[[step]]\ninclude = \"calf.toml\"\n".repeat(200));
    let source = Source::from_file(Path::new("/r/main.toml"), main);
    let options = files.options();
    let routine = parse(&source, &options).unwrap();
    assert_eq!(routine.steps.len(), 200);
    let reads = format!("{:?}", options.files);
    assert_eq!(reads.matches("\"/r/calf.toml\"").count(), 2, "{reads}");
}

#[test]
// A guard against a check that runs away, timed on the test's own clock.
#[allow(clippy::disallowed_methods, clippy::disallowed_types)]
fn the_text_a_routine_brings_in_is_bounded() {
    // A 900 KB block (under the 1 MiB file limit) included twenty times is 18 MB of text.
    let block = format!("{STEP}{}", "# padding\n".repeat(90_000));
    let files = MemoryFiles::with(&[("/r/big.toml", &block)]);
    let main = main_with(&"[[step]]\ninclude = \"big.toml\"\n".repeat(20));
    let started = std::time::Instant::now();
    let found = mistakes(&main, files);
    let over = (MAX_ROUTINE_BYTES / block.len() as u64) as usize;
    assert_eq!(found.len(), 20 - over, "{found:#?}");
    assert!(
        found[0]
            .contains("the routine and the files it includes hold more than 8 MiB of text in all"),
        "{found:#?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn format_one_is_one_however_it_is_written() {
    for one in ["1", "+1", "0x1", "0o1", "0b1", "0x01"] {
        let text = format!("format = {one}\n[routine]\nname = \"R\"\n{STEP}");
        assert!(
            parse(&source(&text), &ParseOptions::TEXT_ONLY).is_ok(),
            "{one}"
        );
    }
    let text = format!("format = 0x2\n[routine]\nname = \"R\"\n{STEP}");
    let d = parse(&source(&text), &ParseOptions::TEXT_ONLY).unwrap_err();
    assert_eq!(
        d.iter().next().unwrap().message,
        "`format` is 2, but this version of unknot reads only format 1"
    );
}
