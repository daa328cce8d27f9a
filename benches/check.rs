//! How fast unknot reads routines: parse and validate 1,000 varied routine files from disk,
//! and `unknot check` on the same 1,000 files through the real binary.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use unknot::routine;

const FILES: usize = 1_000;

/// A small deterministic generator, so every run measures the same files.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One valid routine of 2 to 25 steps of every kind, with optional keys set at random.
fn routine_text(index: usize, rng: &mut Lcg) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "format = 1\n\n[routine]\nname = \"Generated routine {index}\""
    );
    if rng.below(2) == 0 {
        text.push_str("description = \"\"\"Rolls the calves,\nthen the hamstrings.\"\"\"\n");
    }
    text.push_str(
        "equipment = [\"lacrosse ball\", \"foam roller\"]\ntags = [\"calves\", \"post-run\"]\n",
    );
    text.push_str("caution = \"Stop if the pain is sharp.\"\n\n[settings]\n");
    let _ = writeln!(text, "lead_in = \"{}s\"", rng.below(15));
    let _ = writeln!(text, "transition = \"{}s\"", rng.below(10));
    let _ = writeln!(
        text,
        "first_side = \"{}\"",
        ["left", "right"][rng.below(2) as usize]
    );
    let _ = writeln!(
        text,
        "countdown = {}\nrounds = {}",
        rng.below(11),
        1 + rng.below(3)
    );
    if rng.below(3) == 0 {
        text.push_str("\n[sounds]\nstart = \"bell\"\ndone = \"gong\"\ntick = \"none\"\n");
    }
    let steps = 2 + rng.below(24);
    for step in 1..=steps {
        let _ = write!(
            text,
            "\n[[step]]\nname = \"Step {step} of routine {index}\"\n"
        );
        let side = ["none", "left", "right", "both"][rng.below(4) as usize];
        let _ = writeln!(text, "side = \"{side}\"\nspots = {}", 1 + rng.below(4));
        text.push_str("area = \"calf\"\ntool = \"lacrosse ball\"\n");
        text.push_str("instructions = \"Pin the ball under the tender spot and breathe.\"\n");
        match rng.below(6) {
            0 => {
                let _ = writeln!(
                    text,
                    "kind = \"timed\"\nduration = \"{}m{}s\"",
                    rng.below(3),
                    1 + rng.below(59)
                );
            }
            1 => {
                let min = 5 + rng.below(20);
                let _ = writeln!(
                    text,
                    "kind = \"hold\"\nduration = \"{min}s..{}s\"",
                    min + 1 + rng.below(30)
                );
            }
            2 => {
                let every = 5 + rng.below(20);
                let _ = writeln!(
                    text,
                    "kind = \"circles\"\nduration = \"{}s\"\nreverse_every = \"{every}s\"",
                    every + 1 + rng.below(40)
                );
            }
            3 => {
                let _ = writeln!(
                    text,
                    "kind = \"reps\"\nreps = {}\ntempo = \"{}.5s\"",
                    1 + rng.below(30),
                    rng.below(4)
                );
            }
            4 => text.push_str("kind = \"placement\"\n"),
            _ => {
                let _ = writeln!(text, "kind = \"rest\"\nduration = {}", 5 + rng.below(60));
            }
        }
    }
    text
}

/// Writes the 1,000 routines into `dir` and returns their paths.
fn write_routines(dir: &Path) -> Vec<PathBuf> {
    let mut rng = Lcg(0x756e_6b6e_6f74);
    (0..FILES)
        .map(|index| {
            let path = dir.join(format!("routine-{index:04}.toml"));
            if let Err(err) = std::fs::write(&path, routine_text(index, &mut rng)) {
                eprintln!("cannot write {}: {err}", path.display());
            }
            path
        })
        .collect()
}

fn bench_check(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary directory; nothing measured");
        return;
    };
    let paths = write_routines(dir.path());
    let options = unknot::files::ON_DISK;
    // Every generated routine must be valid, or the figure would measure error paths.
    for path in &paths {
        if let Err(diagnostics) = routine::load(path, &options) {
            eprintln!("{}", diagnostics.render(false));
            return;
        }
    }
    let mut group = c.benchmark_group("check");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("load 1000 files", |b| {
        b.iter(|| {
            for path in &paths {
                let _ = black_box(routine::load(black_box(path), &options));
            }
        })
    });
    let binary = env!("CARGO_BIN_EXE_unknot");
    group.bench_function("unknot check 1000 files", |b| {
        b.iter(|| {
            let status = Command::new(binary)
                .arg("check")
                .args(&paths)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
            black_box(status.is_ok_and(|s| s.success()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
