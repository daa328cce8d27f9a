//! The cue sounds, synthesized at the output's sample rate.
//!
//! Each cue has its own sound, told apart with eyes closed by pitch, rhythm and timbre:
//! a tick is a short high blip, a rep a woody click, switching side two falling tones,
//! moving the ball two quick rising notes, reversing a swoop, release a soft bell, done a
//! three-note chord. Every sound is mono `f32`, starts and ends on an exact zero (no click at
//! either edge) and peaks at or below 0.5, so two overlapping sounds never clip.

use std::f32::consts::TAU;

use crate::routine::{BuiltinSound, SoundCue};

/// The loudest sample any synthesized sound reaches.
pub const PEAK: f32 = 0.45;

/// The default sound of a cue.
pub fn cue_sound(cue: SoundCue, rate: u32) -> Vec<f32> {
    let s = Synth::new(rate);
    match cue {
        // A short high blip.
        SoundCue::Tick => s.finish(s.note(1760.0, 0.045, 0.002, 0.015, &[1.0, 0.0, 0.1]), 0.35),
        // A bright "ding": a fifth, struck.
        SoundCue::Start => s.finish(
            s.mix(&[
                s.note(880.0, 0.32, 0.003, 0.12, &[1.0, 0.3, 0.1]),
                s.note(1320.0, 0.32, 0.003, 0.10, &[0.6]),
            ]),
            PEAK,
        ),
        // A low, hollow square-ish tone: the part is over.
        SoundCue::End => s.finish(
            s.note(392.0, 0.40, 0.005, 0.16, &[1.0, 0.0, 0.33, 0.0, 0.2]),
            PEAK,
        ),
        // Two tones, falling: "other side".
        SoundCue::SwitchSide => s.finish(
            s.sequence(&[
                (0.0, s.note(988.0, 0.14, 0.004, 0.08, &[1.0, 0.2])),
                (0.16, s.note(659.0, 0.22, 0.004, 0.10, &[1.0, 0.2])),
            ]),
            PEAK,
        ),
        // Two quick notes, rising: "next spot".
        SoundCue::MoveSpot => s.finish(
            s.sequence(&[
                (0.0, s.note(784.0, 0.07, 0.002, 0.03, &[1.0, 0.15])),
                (0.09, s.note(1175.0, 0.09, 0.002, 0.04, &[1.0, 0.15])),
            ]),
            PEAK,
        ),
        // A swoop up and back down.
        SoundCue::Reverse => s.finish(s.swoop(420.0, 1250.0, 0.34), PEAK),
        // A woody click: a noise burst through a resonance, gone in 30 ms.
        SoundCue::Rep => s.finish(s.knock(1100.0, 0.03), PEAK),
        // A soft bell: inharmonic partials, slow decay, quieter than the rest.
        SoundCue::Release => s.finish(s.bell(660.0, 0.9), 0.30),
        // A three-note chord, rolled upwards, each note louder; tuned just (4:5:6), so the held chord does not beat.
        SoundCue::Done => s.finish(
            s.sequence(&[
                (0.0, s.note(523.25, 1.0, 0.005, 0.30, &[0.5, 0.1])),
                (0.11, s.note(654.06, 0.89, 0.005, 0.30, &[0.75, 0.15])),
                (0.22, s.note(784.88, 0.78, 0.005, 0.30, &[1.0, 0.2])),
            ]),
            PEAK,
        ),
    }
}

/// How a cue's default sound sounds, in words for the runner.
pub fn describe(cue: SoundCue) -> &'static str {
    match cue {
        SoundCue::Start => "a bright ding: work begins",
        SoundCue::End => "a low hollow tone: the part is over",
        SoundCue::Tick => "a short high blip: the last seconds",
        SoundCue::SwitchSide => "two falling tones: switch side",
        SoundCue::MoveSpot => "two quick rising notes: move the ball",
        SoundCue::Reverse => "a swoop up and down: reverse direction",
        SoundCue::Rep => "a woody click: one rep",
        SoundCue::Release => "a soft bell: you may let go",
        SoundCue::Done => "a rolled chord: done",
    }
}

/// A built-in sound a routine may name in `[sounds]`; `none` is empty.
pub fn builtin_sound(sound: BuiltinSound, rate: u32) -> Vec<f32> {
    let s = Synth::new(rate);
    match sound {
        BuiltinSound::Chime => s.finish(
            s.mix(&[
                s.note(1046.5, 0.7, 0.002, 0.22, &[1.0]),
                s.note(1568.0, 0.7, 0.002, 0.18, &[0.5]),
                s.note(2093.0, 0.7, 0.002, 0.12, &[0.25]),
            ]),
            PEAK,
        ),
        BuiltinSound::Bell => s.finish(s.bell(880.0, 1.3), PEAK),
        BuiltinSound::Beep => s.finish(s.note(1000.0, 0.16, 0.003, 10.0, &[1.0, 0.0, 0.3]), 0.4),
        BuiltinSound::Click => s.finish(s.knock(2600.0, 0.015), PEAK),
        BuiltinSound::DoubleBeep => {
            let beep = s.note(1000.0, 0.08, 0.003, 10.0, &[1.0, 0.0, 0.3]);
            s.finish(s.sequence(&[(0.0, beep.clone()), (0.14, beep)]), 0.4)
        }
        BuiltinSound::Gong => s.finish(s.gong(110.0, 2.2), PEAK),
        BuiltinSound::None => Vec::new(),
    }
}

/// Sound building blocks at one sample rate.
struct Synth {
    rate: f32,
}

impl Synth {
    fn new(rate: u32) -> Synth {
        Synth {
            rate: rate.max(1) as f32,
        }
    }

    fn len(&self, seconds: f32) -> usize {
        (seconds * self.rate).round().max(2.0) as usize
    }

    /// A struck note: harmonics `partials[k]` of `freq`, a linear attack and an exponential decay.
    fn note(&self, freq: f32, seconds: f32, attack: f32, decay: f32, partials: &[f32]) -> Vec<f32> {
        (0..self.len(seconds))
            .map(|i| {
                let t = i as f32 / self.rate;
                let tone: f32 = partials
                    .iter()
                    .enumerate()
                    .map(|(k, amp)| amp * (TAU * freq * (k + 1) as f32 * t).sin())
                    .sum();
                tone * envelope(t, attack, decay)
            })
            .collect()
    }

    /// A pitch sweep from `low` up to `high` and back, on a smooth arch.
    fn swoop(&self, low: f32, high: f32, seconds: f32) -> Vec<f32> {
        let mut phase = 0.0f32;
        (0..self.len(seconds))
            .map(|i| {
                let x = i as f32 / self.len(seconds) as f32;
                let arch = (std::f32::consts::PI * x).sin();
                let freq = low + (high - low) * arch;
                phase = (phase + TAU * freq / self.rate) % TAU;
                (phase.sin() + 0.25 * (2.0 * phase).sin()) * arch.sqrt()
            })
            .collect()
    }

    /// A knock: deterministic noise exciting a decaying resonance.
    fn knock(&self, freq: f32, seconds: f32) -> Vec<f32> {
        let mut noise = Lcg(0x2545_f491);
        let burst = self.len(0.004);
        let mut filter = Resonator::new(freq, 0.995, self.rate);
        (0..self.len(seconds))
            .map(|i| {
                let t = i as f32 / self.rate;
                let excite = if i < burst { noise.next() } else { 0.0 };
                filter.step(excite) * (-t / (seconds * 0.35)).exp()
            })
            .collect()
    }

    /// A bell: inharmonic partials, the higher ones dying first.
    fn bell(&self, freq: f32, seconds: f32) -> Vec<f32> {
        let partials = [
            (1.0, 1.0, 1.0),
            (2.76, 0.5, 0.6),
            (5.40, 0.25, 0.35),
            (8.93, 0.12, 0.2),
        ];
        (0..self.len(seconds))
            .map(|i| {
                let t = i as f32 / self.rate;
                partials
                    .iter()
                    .map(|(ratio, amp, life)| {
                        amp * (TAU * freq * ratio * t).sin()
                            * envelope(t, 0.004, seconds * 0.3 * life)
                    })
                    .sum()
            })
            .collect()
    }

    /// A gong: a low fundamental with beating inharmonic partials, a slow swell and decay.
    fn gong(&self, freq: f32, seconds: f32) -> Vec<f32> {
        let partials = [
            (1.0, 1.0),
            (1.47, 0.6),
            (2.09, 0.5),
            (2.56, 0.3),
            (3.92, 0.2),
        ];
        (0..self.len(seconds))
            .map(|i| {
                let t = i as f32 / self.rate;
                let tone: f32 = partials
                    .iter()
                    .map(|(ratio, amp)| amp * (TAU * freq * ratio * t).sin())
                    .sum();
                tone * envelope(t, 0.03, seconds * 0.35)
            })
            .collect()
    }

    /// Sums sounds that start together.
    fn mix(&self, parts: &[Vec<f32>]) -> Vec<f32> {
        self.sequence(&parts.iter().map(|p| (0.0, p.clone())).collect::<Vec<_>>())
    }

    /// Places sounds at offsets (seconds) and sums them.
    fn sequence(&self, parts: &[(f32, Vec<f32>)]) -> Vec<f32> {
        let starts: Vec<usize> = parts
            .iter()
            .map(|(at, _)| (at * self.rate).round() as usize)
            .collect();
        let len = parts
            .iter()
            .zip(&starts)
            .map(|((_, p), s)| s + p.len())
            .max()
            .unwrap_or(0);
        let mut out = vec![0.0; len];
        for ((_, part), start) in parts.iter().zip(starts) {
            for (o, v) in out[start..].iter_mut().zip(part) {
                *o += v;
            }
        }
        out
    }

    /// Scales to `peak` and closes both edges: exactly zero at the first and last sample,
    /// with a short raised-cosine fade so the cut is never heard as a click.
    fn finish(&self, mut samples: Vec<f32>, peak: f32) -> Vec<f32> {
        let loudest = samples.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        if loudest > 0.0 {
            let gain = peak / loudest;
            samples.iter_mut().for_each(|v| *v *= gain);
        }
        let n = samples.len();
        let fade = self.len(0.003).min(n / 2).max(1);
        for i in 0..fade {
            let w = 0.5 - 0.5 * (std::f32::consts::PI * i as f32 / fade as f32).cos();
            samples[i] *= w;
            samples[n - 1 - i] *= w;
        }
        samples
    }
}

/// Linear attack to 1, then exponential decay with time constant `decay` (seconds).
fn envelope(t: f32, attack: f32, decay: f32) -> f32 {
    if t < attack {
        t / attack
    } else {
        (-(t - attack) / decay).exp()
    }
}

/// A two-pole resonator: rings at `freq`, with `radius` setting how long.
struct Resonator {
    a1: f32,
    a2: f32,
    y1: f32,
    y2: f32,
}

impl Resonator {
    fn new(freq: f32, radius: f32, rate: f32) -> Resonator {
        Resonator {
            a1: 2.0 * radius * (TAU * freq / rate).cos(),
            a2: -radius * radius,
            y1: 0.0,
            y2: 0.0,
        }
    }

    fn step(&mut self, x: f32) -> f32 {
        let y = x + self.a1 * self.y1 + self.a2 * self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

/// A tiny deterministic noise source, so the same sound comes out every time.
struct Lcg(u32);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (self.0 >> 8) as f32 / (1u32 << 23) as f32 - 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::analysis::{attacks, spectral_centroid};

    const RATE: u32 = 48_000;

    fn every_sound() -> Vec<(String, Vec<f32>)> {
        let cues = SoundCue::ALL
            .into_iter()
            .map(|c| (format!("cue {}", c.key()), cue_sound(c, RATE)));
        let builtins = BuiltinSound::ALL
            .into_iter()
            .filter(|b| *b != BuiltinSound::None)
            .map(|b| (format!("builtin {}", b.name()), builtin_sound(b, RATE)));
        cues.chain(builtins).collect()
    }

    #[test]
    fn every_sound_starts_and_ends_on_zero_and_never_exceeds_half_scale() {
        for (name, s) in every_sound() {
            assert_eq!(s.first(), Some(&0.0), "{name} first sample");
            assert_eq!(s.last(), Some(&0.0), "{name} last sample");
            let peak = s.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            assert!(peak <= 0.5, "{name} peaks at {peak}");
            assert!(peak >= 0.2, "{name} is too quiet to hear: {peak}");
            assert!(
                s.iter().all(|v| v.is_finite()),
                "{name} has a non-finite sample"
            );
        }
    }

    #[test]
    fn lengths_fit_what_each_cue_means() {
        let ms = |c| cue_sound(c, RATE).len() as f32 * 1000.0 / RATE as f32;
        // A tick and a rep click are short enough to repeat every second or faster.
        assert!(
            (40.0..=60.0).contains(&ms(SoundCue::Tick)),
            "{}",
            ms(SoundCue::Tick)
        );
        assert!(
            (20.0..=40.0).contains(&ms(SoundCue::Rep)),
            "{}",
            ms(SoundCue::Rep)
        );
        // Done rings longest of the cues.
        for c in SoundCue::ALL {
            assert!(ms(c) <= ms(SoundCue::Done), "{} outlasts done", c.key());
            assert!(
                ms(c) < 1500.0,
                "{} is longer than a second and a half",
                c.key()
            );
        }
        assert!(builtin_sound(BuiltinSound::None, RATE).is_empty());
    }

    #[test]
    fn follows_the_sample_rate() {
        for c in SoundCue::ALL {
            let a = cue_sound(c, 44_100).len() as f32 / 44_100.0;
            let b = cue_sound(c, 48_000).len() as f32 / 48_000.0;
            assert!((a - b).abs() < 0.001, "{}: {a} s vs {b} s", c.key());
        }
    }

    #[test]
    fn the_cues_differ_pairwise_in_pitch_length_or_rhythm() {
        let features: Vec<(String, f32, f32, usize)> = every_sound()
            .into_iter()
            .map(|(n, s)| {
                let secs = s.len() as f32 / RATE as f32;
                (n, spectral_centroid(&s, RATE), secs, attacks(&s, RATE))
            })
            .collect();
        for (i, (na, ca, la, ra)) in features.iter().enumerate() {
            for (nb, cb, lb, rb) in &features[i + 1..] {
                let pitch_apart = (ca - cb).abs() / ca.max(*cb) > 0.08;
                let length_apart = (la - lb).abs() / la.max(*lb) > 0.2;
                let rhythm_apart = ra != rb;
                assert!(
                    pitch_apart || length_apart || rhythm_apart,
                    "{na} ({ca:.0} Hz, {la:.3} s, {ra} notes) and \
                     {nb} ({cb:.0} Hz, {lb:.3} s, {rb} notes) sound alike"
                );
            }
        }
    }

    #[test]
    fn rhythm_is_heard_in_the_number_of_notes() {
        assert_eq!(attacks(&cue_sound(SoundCue::Tick, RATE), RATE), 1);
        assert_eq!(attacks(&cue_sound(SoundCue::SwitchSide, RATE), RATE), 2);
        assert_eq!(attacks(&cue_sound(SoundCue::MoveSpot, RATE), RATE), 2);
        assert_eq!(
            attacks(&builtin_sound(BuiltinSound::DoubleBeep, RATE), RATE),
            2
        );
        assert_eq!(attacks(&cue_sound(SoundCue::Done, RATE), RATE), 3);
    }

    #[test]
    fn the_same_sound_comes_out_every_time() {
        assert_eq!(
            cue_sound(SoundCue::Rep, RATE),
            cue_sound(SoundCue::Rep, RATE)
        );
    }
}
