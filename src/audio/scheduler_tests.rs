#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::audio::analysis::onsets;

const RATE: u32 = 48_000;

fn rate() -> NonZero<u32> {
    NonZero::new(RATE).unwrap()
}

/// A recognisable sound: zero, then a ramp of distinct non-zero values, then zero.
fn marker(len: usize, scale: f32) -> Sound {
    let mut s: Vec<f32> = (0..len)
        .map(|i| scale * (i as f32 + 1.0) / len as f32)
        .collect();
    s[0] = 0.0;
    s[len - 1] = 0.0;
    s.into()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The sample at which `offset` after the anchor falls, rounded like the scheduler does.
fn sample_of(offset: Duration) -> usize {
    ((offset.as_nanos() * RATE as u128 + 500_000_000) / 1_000_000_000) as usize
}

fn pull(source: &mut SchedulerSource, n: usize) -> Vec<f32> {
    let mut out = vec![0.0; n];
    source.fill(&mut out);
    out
}

/// Where each sound starts in `out`: the sample before its first non-zero value (every sound
/// here starts on an exact zero).
fn starts(out: &[f32]) -> Vec<usize> {
    onsets(out, 1e-9, 1).into_iter().map(|i| i - 1).collect()
}

#[test]
fn a_sound_starts_at_the_exact_sample_of_its_instant() {
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    source.anchor(t0);
    let sound = marker(100, 0.4);
    let due = [ms(250), ms(1000) + Duration::from_micros(7), ms(1733)];
    handle.schedule(
        due.iter()
            .map(|d| Placed {
                at: t0 + *d,
                sound: sound.clone(),
            })
            .collect(),
    );
    let out = pull(&mut source, RATE as usize * 2);
    let expected: Vec<usize> = due.iter().map(|d| sample_of(*d)).collect();
    assert_eq!(starts(&out), expected);
    // The whole sound is there, sample for sample.
    for s in expected {
        assert_eq!(&out[s..s + 100], &sound[..]);
    }
}

#[test]
fn the_buffer_size_does_not_move_an_onset() {
    let t0 = Instant::now();
    let sound = marker(50, 0.3);
    let at = t0 + ms(333);
    let mut found = Vec::new();
    for block in [1usize, 64, 441, 1024, 4096] {
        let (mut source, handle) = SchedulerSource::new(rate());
        source.anchor(t0);
        handle.schedule(vec![Placed {
            at,
            sound: sound.clone(),
        }]);
        let mut out = Vec::new();
        while out.len() < RATE as usize {
            out.extend(pull(&mut source, block));
        }
        found.push(starts(&out));
    }
    assert!(
        found.iter().all(|f| *f == vec![sample_of(ms(333))]),
        "{found:?}"
    );
}

#[test]
fn pausing_resuming_skipping_and_extending_reschedule_what_is_queued() {
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    source.anchor(t0);
    let tick = marker(40, 0.2);
    let plan = |secs: &[u64]| -> Vec<Placed> {
        secs.iter()
            .map(|ms_| Placed {
                at: t0 + ms(*ms_),
                sound: tick.clone(),
            })
            .collect()
    };
    // Ticks planned at 1, 2 and 3 s.
    handle.schedule(plan(&[1000, 2000, 3000]));
    let mut out = pull(&mut source, sample_of(ms(1500)));
    // Paused at 1.5 s: nothing is to come.
    handle.schedule(Vec::new());
    out.extend(pull(&mut source, sample_of(ms(4000)) - out.len()));
    // Resumed at 4 s: the remaining ticks are 2.5 s later than planned.
    handle.schedule(plan(&[4500, 5500]));
    out.extend(pull(&mut source, sample_of(ms(5000)) - out.len()));
    // Skipped at 5 s: the next part's first cue comes at once, at 5.2 s.
    handle.schedule(plan(&[5200, 6200]));
    out.extend(pull(&mut source, sample_of(ms(6000)) - out.len()));
    // Extended by 10 s at 6 s: the cue planned at 6.2 s moves to 16.2 s.
    handle.schedule(plan(&[16_200]));
    out.extend(pull(&mut source, sample_of(ms(17_000)) - out.len()));

    let expected: Vec<usize> = [1000, 4500, 5200, 16_200]
        .iter()
        .map(|m| sample_of(ms(*m)))
        .collect();
    assert_eq!(starts(&out), expected);
}

#[test]
fn a_cue_already_started_is_not_started_again_by_a_new_plan() {
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    source.anchor(t0);
    let sound = marker(4800, 0.3);
    let cue = Placed {
        at: t0 + ms(100),
        sound: sound.clone(),
    };
    handle.schedule(vec![cue.clone()]);
    let mut out = pull(&mut source, sample_of(ms(120)));
    // The UI redraws and hands over the same cue again, while it plays.
    handle.schedule(vec![cue]);
    out.extend(pull(&mut source, sample_of(ms(400)) - out.len()));
    let start = sample_of(ms(100));
    assert_eq!(starts(&out), vec![start]);
    assert_eq!(&out[start..start + 4800], &sound[..]);
}

#[test]
fn overlapping_sounds_are_mixed_and_a_late_one_plays_at_once() {
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    source.anchor(t0);
    // Together at most the cap: the mix is their sum (past the cap it is clamped, below).
    let a = marker(1000, 0.3);
    let b = marker(1000, 0.2);
    handle.schedule(vec![
        Placed {
            at: t0 + ms(10),
            sound: a.clone(),
        },
        Placed {
            at: t0 + ms(15),
            sound: b.clone(),
        },
    ]);
    let out = pull(&mut source, 4800);
    let (sa, sb) = (sample_of(ms(10)), sample_of(ms(15)));
    for i in 0..1000 {
        let want = a[i] + if i >= sb - sa { b[i - (sb - sa)] } else { 0.0 };
        assert!((out[sa + i] - want).abs() < 1e-6, "sample {i}");
    }
    // A cue whose instant has passed (by less than a second) is played at the next sample.
    let now = source.position() as usize;
    handle.add(Placed {
        at: t0,
        sound: a.clone(),
    });
    let late = pull(&mut source, 2000);
    assert_eq!(
        starts(&late),
        vec![0],
        "started at sample {now} of the stream"
    );
    // One more than a second late is dropped.
    handle.add(Placed {
        at: t0.checked_sub(ms(2000)).unwrap_or(t0),
        sound: a,
    });
    let dropped = pull(&mut source, 2000);
    assert!(dropped.iter().all(|v| *v == 0.0));
}

#[test]
fn volume_and_mute_scale_the_output() {
    let (mut source, handle) = SchedulerSource::new(rate());
    source.anchor(Instant::now());
    let s = marker(100, 0.4);
    handle.set_volume(0.5);
    handle.play_now(s.clone());
    let out = pull(&mut source, 200);
    assert_eq!(out[50], s[50] * 0.5);
    handle.set_muted(true);
    handle.play_now(s.clone());
    assert!(pull(&mut source, 200).iter().all(|v| *v == 0.0));
    handle.set_muted(false);
    handle.play_now(s.clone());
    handle.silence();
    assert!(pull(&mut source, 200).iter().all(|v| *v == 0.0));
}

#[test]
fn noisy_callbacks_keep_a_steady_beat() {
    // A 1024-frame callback that runs up to 2 ms late, like a busy machine's audio thread,
    // around a true clock: rep clicks every 750 ms must stay within a sample or so of the beat.
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    let click = marker(200, 0.4);
    let reps: Vec<Placed> = (1..=12)
        .map(|k| Placed {
            at: t0 + ms(750 * k),
            sound: click.clone(),
        })
        .collect();
    let mut out = Vec::new();
    let mut noise = 12345u32;
    let block = 1024;
    source.anchor(t0);
    handle.schedule(reps);
    while out.len() < RATE as usize * 10 {
        noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let late = Duration::from_micros(u64::from(noise >> 21)); // 0–2 ms
        let true_at = t0 + Duration::from_secs_f64(out.len() as f64 / f64::from(RATE));
        source.observe(true_at + late);
        out.extend(pull(&mut source, block));
    }
    let found = starts(&out);
    assert_eq!(found.len(), 12);
    let gaps: Vec<f64> = found
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 / f64::from(RATE) * 1000.0)
        .collect();
    for g in &gaps {
        assert!((g - 750.0).abs() < 1.0, "gaps {gaps:?}");
    }
}

#[test]
fn a_restarted_stream_is_anchored_afresh() {
    let (mut source, handle) = SchedulerSource::new(rate());
    let t0 = Instant::now();
    source.observe(t0);
    pull(&mut source, 4800);
    // The stream rested and started again: the next callback says sample 4800 is heard 5 s on.
    source.unanchor();
    let restart = t0 + ms(5000);
    source.observe(restart);
    let sound = marker(100, 0.3);
    handle.schedule(vec![Placed {
        at: restart + ms(500),
        sound,
    }]);
    let out = pull(&mut source, RATE as usize);
    assert_eq!(starts(&out), vec![sample_of(ms(500))]);
}

#[test]
fn the_mix_never_passes_half_of_full_scale_times_the_volume() {
    for volume in [1.0f32, 0.3, f32::NAN, 7.0] {
        let (mut source, handle) = SchedulerSource::new(rate());
        source.anchor(Instant::now());
        handle.set_volume(volume);
        let wild: Sound = vec![
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            10.0,
            -3.0,
            f32::MAX,
            1e-40,
            0.49,
        ]
        .into();
        // Three at once: loud sounds that overlap add up past the cap.
        for _ in 0..3 {
            handle.play_now(wild.clone());
            handle.play_now(marker(8, 0.5));
        }
        let out = pull(&mut source, 16);
        let allowed = if volume.is_nan() {
            0.0
        } else {
            PEAK * volume.clamp(0.0, 1.0)
        };
        assert!(
            out.iter().all(|v| v.is_finite() && v.abs() <= allowed),
            "volume {volume}: {out:?}"
        );
        if volume == 1.0 {
            assert!(out.contains(&PEAK), "{out:?}");
        }
    }
}
