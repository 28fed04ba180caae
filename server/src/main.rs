//! policy-widget-server: placeholder entry point until the server lands in this commit series.
fn main() {}
