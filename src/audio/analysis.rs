//! Measuring sound: where sounds begin in a recording, and how bright a sound is.
//! Used to check that cues are told apart and land on time.

/// The brightness of a sound: the power-weighted mean frequency (Hz) of its first ~85 ms.
pub fn spectral_centroid(samples: &[f32], rate: u32) -> f32 {
    let n = samples.len().min(4096);
    if n < 2 {
        return 0.0;
    }
    // A Hann window keeps the cut edges from smearing the spectrum.
    let windowed: Vec<f32> = samples[..n]
        .iter()
        .enumerate()
        .map(|(i, v)| v * (0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / n as f32).cos()))
        .collect();
    let bins = 512;
    let nyquist = rate as f32 / 2.0;
    let (mut weighted, mut total) = (0.0f64, 0.0f64);
    for b in 1..bins {
        let freq = nyquist * b as f32 / bins as f32;
        let power = goertzel_power(&windowed, freq, rate) as f64;
        weighted += power * freq as f64;
        total += power;
    }
    if total > 0.0 {
        (weighted / total) as f32
    } else {
        0.0
    }
}

fn goertzel_power(samples: &[f32], freq: f32, rate: u32) -> f32 {
    let coeff = 2.0 * (std::f32::consts::TAU * freq / rate as f32).cos();
    let (mut s1, mut s2) = (0.0f32, 0.0f32);
    for &x in samples {
        let s = x + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    s1 * s1 + s2 * s2 - coeff * s1 * s2
}

/// The sample indices where a sound starts after silence: the first sample whose magnitude
/// reaches `threshold`, once the previous sound has stayed below `threshold / 4` for `quiet`
/// samples.
///
/// Sounds here end on an exact zero and silence between cues is digital silence, so a plain
/// level trigger with a hold-off finds every onset to the sample.
pub fn onsets(samples: &[f32], threshold: f32, quiet: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let mut in_sound = false;
    let mut quiet_run = 0;
    for (i, v) in samples.iter().enumerate() {
        let level = v.abs();
        if !in_sound {
            if level >= threshold {
                found.push(i);
                in_sound = true;
                quiet_run = 0;
            }
        } else if level < threshold / 4.0 {
            quiet_run += 1;
            if quiet_run >= quiet {
                in_sound = false;
            }
        } else {
            quiet_run = 0;
        }
    }
    found
}

/// How many notes a sound strikes: rises of its loudness, in 5 ms frames, to at least
/// 30 % of its peak, by 15 % of its peak within 30 ms, at least 50 ms apart.
pub fn attacks(samples: &[f32], rate: u32) -> usize {
    let frame = (rate as usize / 200).max(1);
    let env: Vec<f32> = samples
        .chunks(frame)
        .map(|c| c.iter().fold(0.0f32, |m, v| m.max(v.abs())))
        .collect();
    let peak = env.iter().fold(0.0f32, |m, v| m.max(*v));
    let back = 6;
    let mut count = 0;
    let mut last: Option<usize> = None;
    for i in 0..env.len() {
        let before = if i >= back { env[i - back] } else { 0.0 };
        let attack = env[i] >= 0.3 * peak && env[i] - before >= 0.15 * peak;
        if attack && last.is_none_or(|l| i - l >= 10) {
            count += 1;
            last = Some(i);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (std::f32::consts::TAU * freq * i as f32 / 48_000.0).sin())
            .collect()
    }

    #[test]
    fn a_pure_tone_has_its_frequency_as_centroid() {
        let c = spectral_centroid(&sine(1000.0, 4096), 48_000);
        assert!((c - 1000.0).abs() < 60.0, "{c}");
        let high = spectral_centroid(&sine(3000.0, 4096), 48_000);
        assert!((high - 3000.0).abs() < 150.0, "{high}");
    }

    #[test]
    fn onsets_are_found_to_the_sample() {
        let mut s = vec![0.0; 10_000];
        for at in [1000usize, 5000] {
            s[at..at + 300].copy_from_slice(&sine(1000.0, 300));
        }
        // A sine starts at zero, then climbs: the trigger fires on the first loud sample.
        let first_loud = sine(1000.0, 300).iter().position(|v| v.abs() >= 0.1);
        let found = onsets(&s, 0.1, 500);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], 1000 + first_loud.unwrap_or(0));
        assert_eq!(found[1], 5000 + first_loud.unwrap_or(0));
    }
}
