//! The site's fingerprinted asset names. `cargo leptos build` (with `hash-files`) renames the
//! WebAssembly, JavaScript and CSS to `portal.<hash>.<ext>` and writes the hashes to a small
//! file (`hash.txt`, beside the server binary) that Leptos' hydration scripts read: a name then
//! changes whenever the content does, so browsers may keep the files for a year without asking.
use leptos::config::LeptosOptions;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// The stable name: served revalidated, for documents outside the app (receipts, error pages).
pub const STYLESHEET_PATH: &str = "/pkg/portal.css";

/// File names under `/pkg` of one build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetNames {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl AssetNames {
    /// Reads the lines `js: <hash>`, `wasm: <hash>`, `css: <hash>` (other lines, such as a
    /// split manifest's, are ignored). `None` unless all three are there.
    pub fn parse(output_name: &str, text: &str) -> Option<Self> {
        let mut hashes = HashMap::new();
        for line in text.lines() {
            if let Some((kind, hash)) = line.split_once(':') {
                let hash = hash.trim();
                // A hash is base64url: anything else would make a path of it.
                if hash.is_empty()
                    || !hash
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return None;
                }
                hashes.insert(kind.trim(), hash);
            }
        }
        let name = |kind: &str| {
            hashes
                .get(kind)
                .map(|hash| format!("{output_name}.{hash}.{kind}"))
        };
        Some(Self {
            js: name("js")?,
            wasm: name("wasm")?,
            css: name("css")?,
        })
    }

    /// The names of the build `options` describe, from the hash file where Leptos reads it;
    /// `None` when the site is not fingerprinted.
    pub fn load(options: &LeptosOptions) -> Option<Self> {
        if !options.hash_files {
            return None;
        }
        let text = std::fs::read_to_string(hash_file_path(options)).ok()?;
        Self::parse(&options.output_name, &text)
    }

    /// Whether `file` (a name under `/pkg`) is one of this build's fingerprinted files.
    pub fn is_fingerprinted(&self, file: &str) -> bool {
        [&self.js, &self.wasm, &self.css]
            .iter()
            .any(|name| name.as_str() == file)
    }
}

/// Where Leptos looks for the hash file: relative to the server binary's directory (an
/// absolute `hash_file` stands as it is).
pub fn hash_file_path(options: &LeptosOptions) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

/// The stylesheet the app's pages link: its fingerprinted name when there is one. Read once
/// per hash file (a build's names do not change while it runs).
pub fn stylesheet_href(options: &LeptosOptions) -> Arc<str> {
    static BY_HASH_FILE: OnceLock<Mutex<HashMap<Arc<str>, Arc<str>>>> = OnceLock::new();
    if !options.hash_files {
        return Arc::from(STYLESHEET_PATH);
    }
    let cache = BY_HASH_FILE.get_or_init(Default::default);
    let Ok(mut cache) = cache.lock() else {
        return Arc::from(STYLESHEET_PATH);
    };
    cache
        .entry(options.hash_file.clone())
        .or_insert_with(|| match AssetNames::load(options) {
            Some(names) => Arc::from(format!("/{}/{}", options.site_pkg_dir, names.css)),
            None => Arc::from(STYLESHEET_PATH),
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_file_names_the_three_files_and_only_those_are_fingerprinted() {
        let names = AssetNames::parse(
            "portal",
            "js: u7Q9bdWdxhH3GYQ_KhQkbQ\nwasm: 0Xq-3Hq4kG1vQ2mXc9a6Zw\ncss: Yr2D5p1fQm8sZbq0n4eW1g\n",
        )
        .expect("names");
        assert_eq!(names.js, "portal.u7Q9bdWdxhH3GYQ_KhQkbQ.js");
        assert_eq!(names.wasm, "portal.0Xq-3Hq4kG1vQ2mXc9a6Zw.wasm");
        assert_eq!(names.css, "portal.Yr2D5p1fQm8sZbq0n4eW1g.css");
        assert!(names.is_fingerprinted("portal.Yr2D5p1fQm8sZbq0n4eW1g.css"));
        assert!(!names.is_fingerprinted("portal.css"));
        assert!(!names.is_fingerprinted("portal.old0000000000000000000.css"));
    }

    #[test]
    fn a_partial_or_strange_hash_file_fingerprints_nothing() {
        assert_eq!(AssetNames::parse("portal", "js: abc\nwasm: def\n"), None);
        assert_eq!(
            AssetNames::parse("portal", "js: a\nwasm: b\ncss: ../../etc/passwd\n"),
            None
        );
        assert_eq!(AssetNames::parse("portal", ""), None);
    }
}
