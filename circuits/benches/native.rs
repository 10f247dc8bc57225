//! Placeholder replaced by the native benchmarks.
fn main() {}
