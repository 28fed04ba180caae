//! Times `prepare()` (which builds the dictionary table), then the first call of `zxcvbn` and
//! a second one: `cargo run --release -p zxcvbn-lite --example probe`.

fn main() {
    let t = std::time::Instant::now();
    zxcvbn::prepare();
    println!("prepare {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let e = zxcvbn::zxcvbn("Tr0ub4dour&3", &[]);
    println!("first {:?} score {:?}", t.elapsed(), e.score());
    let t = std::time::Instant::now();
    zxcvbn::zxcvbn("Tr0ub4dour&4", &[]);
    println!("second {:?}", t.elapsed());
}
