//! Native benches of the core: `password::check` (the full report, as the page and the server
//! build it) on typical and pathological passwords, and the strength estimate alone.
//! Run by `./dev bench` (`cargo bench --bench core`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use policy_widget::password::{check, estimate, prepare, PasswordContext, PasswordPolicy};

/// Every 1,100th line of the bench corpus: leaked, random and passphrase lines alike.
fn corpus_sample() -> Vec<&'static str> {
    include_str!("../bench/corpus.txt").lines().step_by(1_100).collect()
}

fn pathological() -> Vec<(&'static str, String)> {
    let l33t = "4@8({[<3691!|7+0$5%2";
    vec![
        ("random 100", "x9#Lq2!vR7@pZ4$kW1^mT8&nY3*bH6(cJ5)dF0_gS-".repeat(3)[..100].to_string()),
        ("l33t-only 40", l33t.repeat(2)),
        ("l33t-only 100", l33t.repeat(5)),
        ("l33t-only 128", l33t.repeat(7)[..128].to_string()),
        ("repeat a 128", "a".repeat(128)),
        ("keyboard walk 128", "qwertyuiop[]asdfghjkl;'zxcvbnm,./".repeat(4)[..128].to_string()),
        ("passphrase 128", "correct-horse-battery-staple-".repeat(5)[..128].to_string()),
    ]
}

fn benches(c: &mut Criterion) {
    let policy = PasswordPolicy::default();
    let context = PasswordContext::default();
    // Build the dictionary table and the blocklist before timing (once per process).
    prepare();

    let mut group = c.benchmark_group("check");
    group.bench_function("corpus sample (10 passwords)", |b| {
        let sample = corpus_sample();
        b.iter(|| {
            for password in &sample {
                black_box(check(black_box(password), &policy, &context));
            }
        })
    });
    for (name, password) in pathological() {
        group.bench_function(name, |b| b.iter(|| black_box(check(black_box(&password), &policy, &context))));
    }
    group.finish();

    c.bench_function("estimate/Tr0ub4dour&3", |b| {
        b.iter(|| black_box(estimate(black_box("Tr0ub4dour&3"), &[], Default::default())))
    });
}

criterion_group! {
    name = core;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(core);
