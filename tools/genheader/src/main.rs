//! Generates `include/zmq.h` from `crates/ferromq-capi` with cbindgen.
//!
//! Usage: `genheader OUT_PATH` (`make header` writes `include/zmq.h`).
//!
//! Everything that can come from Rust does: the exported functions,
//! `zmq_pollitem_t` and the constants of `ferromq-capi/src/constants.rs`. The
//! parts of libzmq's `zmq.h` that cbindgen cannot express are the hand-written
//! `header`, `after_includes` and `trailer` texts of
//! `crates/ferromq-capi/cbindgen.toml`.
//!
//! The output depends only on those sources (no clock, no paths, no
//! environment), so two runs give the same bytes; `make check-header`
//! regenerates the header and diffs it against the committed one.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The line cbindgen opens a block of `#[cfg(feature = "draft")]` items with.
const DRAFT_IF: &str = "#if defined(ZMQ_BUILD_DRAFT_API)";

/// The `ferromq-capi` crate directory.
fn capi_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/ferromq-capi")
}

/// Runs cbindgen over `ferromq-capi` and returns the header text.
fn generate() -> Result<Vec<u8>, Box<dyn Error>> {
    let dir = capi_dir();
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .map_err(|e| format!("reading cbindgen.toml: {e}"))?;
    // Parse the crate's sources directly (lib.rs and the modules it declares):
    // no `cargo metadata`, nothing outside the crate.
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()?;
    let mut out = Vec::new();
    bindings.write(&mut out);
    let text = merge_draft_blocks(&String::from_utf8(out)?);
    Ok(c_comments(&text).into_bytes())
}

/// cbindgen writes the Rust doc comments as `// ...` lines; make them
/// `/* ... */` so that the header is also valid C89/C90.
fn c_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start().len();
        match body.trim_start().strip_prefix("// ") {
            Some(comment) if !comment.contains("*/") => {
                out.push_str(&body[..indent]);
                out.push_str("/* ");
                out.push_str(comment);
                out.push_str(" */");
                out.push_str(&line[body.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// cbindgen wraps each draft item in its own `#if ... #endif`; join runs of
/// consecutive draft blocks into one block, as libzmq's header has them.
fn merge_draft_blocks(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut in_draft = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if in_draft && line.trim_end() == "#endif" {
            // `#endif`, blank line, `#if defined(ZMQ_BUILD_DRAFT_API)`:
            // keep the blank line only, and stay in the block.
            let blank = lines.get(i + 1).is_some_and(|l| l.trim().is_empty());
            let reopen = lines.get(i + 2).is_some_and(|l| l.trim_end() == DRAFT_IF);
            if blank && reopen {
                out.push_str(lines[i + 1]);
                i += 3;
                continue;
            }
            in_draft = false;
        } else if line.trim_end() == DRAFT_IF {
            in_draft = true;
        }
        out.push_str(line);
        i += 1;
    }
    out
}

fn run(out_path: &Path) -> Result<(), Box<dyn Error>> {
    let text = generate()?;
    if let Some(parent) = out_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    std::fs::write(out_path, text).map_err(|e| format!("writing {}: {e}", out_path.display()))?;
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out_path), None) = (args.next(), args.next()) else {
        eprintln!("usage: genheader OUT_PATH");
        return ExitCode::from(2);
    };
    match run(Path::new(&out_path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("genheader: {e}");
            ExitCode::FAILURE
        }
    }
}
