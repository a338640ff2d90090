//! Writes the generated seeds of the `plain` and `curve` targets to
//! `fuzz/seeds/<target>/` (see `src/seeds.rs`). Run with
//! `make -C fuzz seeds`, after a change to the mechanisms' wire output.

use std::fs;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seeds = ferromq_fuzz::seeds::generated();
    for target in ["plain", "curve"] {
        let dir = root.join(target);
        // Only generated files live there: start afresh.
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create seed dir");
    }
    for s in &seeds {
        let path = root.join(s.target).join(&s.name);
        fs::write(&path, &s.data).expect("write seed");
    }
    println!("wrote {} seeds to {}", seeds.len(), root.display());
}
