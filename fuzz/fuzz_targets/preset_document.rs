//! Preset documents from arbitrary text (they arrive in links and files): reading one never
//! panics, and one that reads mints (or refuses) its fields without a panic in bounded time.
#![no_main]
use jwtmint::preset::{MintOptions, Preset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(preset) = Preset::from_json(text, "fuzz.json") else { return };
    // Each field gets its default, or a value that passes most kinds.
    let values: jwtmint::Object = preset
        .fields
        .iter()
        .map(|field| (field.name.clone(), serde_json::Value::from(field.default.clone().unwrap_or_else(|| "a".into()))))
        .collect();
    let options = MintOptions { now: Some(1_700_000_000), lifetime: None };
    let _ = preset.mint(&values, None, &options);
});
