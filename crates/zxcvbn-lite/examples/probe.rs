//! Times the first call of `zxcvbn` (which builds the dictionary table) and a second one:
//! `cargo run --release -p zxcvbn-lite --example probe`.

fn main() {
    let t = std::time::Instant::now();
    let e = zxcvbn::zxcvbn("Tr0ub4dour&3", &[]);
    println!("first {:?} score {:?}", t.elapsed(), e.score());
    let t = std::time::Instant::now();
    zxcvbn::zxcvbn("Tr0ub4dour&4", &[]);
    println!("second {:?}", t.elapsed());
}
