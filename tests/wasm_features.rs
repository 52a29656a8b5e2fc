//! The shipped module must run in the oldest webviews we support (Chromium 89,
//! Safari 15, older WeChat XWeb): no reference-types, no multi-value, no SIMD.
//! Checks every module of the release build in `dist/`: the landing module and
//! each per-route piece (the test command builds it first).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use wasmparser::{Validator, WasmFeatures};

/// What Chromium 89 and Safari 15 both run.
fn supported() -> WasmFeatures {
    WasmFeatures::WASM1
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::BULK_MEMORY_OPT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::SATURATING_FLOAT_TO_INT
}

fn check(bytes: &[u8]) -> Result<(), String> {
    Validator::new_with_features(supported()).validate_all(bytes).map(|_| ()).map_err(|e| e.to_string())
}

fn dist_wasm() -> Vec<PathBuf> {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    let entries = std::fs::read_dir(&dist)
        .unwrap_or_else(|e| panic!("{} is missing ({e}); run `trunk build --release` first", dist.display()));
    entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "wasm")).collect()
}

#[test]
fn the_release_module_uses_only_features_old_webviews_run() {
    let modules = dist_wasm();
    // The landing module and at least one piece per area (src/pieces.rs).
    assert!(modules.len() >= 6, "expected the landing module and the area pieces in dist/, found {modules:?}");
    for path in modules {
        let bytes = std::fs::read(&path).expect("readable module");
        if let Err(problem) = check(&bytes) {
            panic!("{} needs a WebAssembly feature old webviews lack: {problem}", path.display());
        }
    }
}

/// A module header followed by sections.
fn module(sections: &[&[u8]]) -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    for section in sections {
        bytes.extend_from_slice(section);
    }
    bytes
}

#[test]
fn the_check_rejects_multi_value_and_reference_types() {
    // Type section: one function type with no params and two i32 results.
    let multi_value = module(&[&[0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x7f, 0x7f]]);
    // Table section: one externref table of minimum size 1.
    let externref_table = module(&[&[0x04, 0x04, 0x01, 0x6f, 0x00, 0x01]]);
    // The same shapes within the MVP pass, so the failures are about the features.
    let single_value = module(&[&[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f]]);
    let funcref_table = module(&[&[0x04, 0x04, 0x01, 0x70, 0x00, 0x01]]);
    assert!(check(&single_value).is_ok());
    assert!(check(&funcref_table).is_ok());
    assert!(check(&multi_value).is_err(), "multi-value must be refused");
    assert!(check(&externref_table).is_err(), "reference types must be refused");
}
