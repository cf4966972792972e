//! `file:` URIs to paths and back: the path percent-encoded as UTF-8, as editors write it
//! (`file:///home/ana/goals/caf%C3%A9.goal`, `file:///c%3A/goals/a.goal` on Windows).

use lsp_types::Uri;
use std::path::{Path, PathBuf};

/// The local path a `file:` URI names; `None` for other schemes, remote hosts or paths that
/// are not UTF-8 after decoding.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = strip_prefix_ignore_case(uri.as_str(), "file://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    Some(native(&decoded))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    if !path.is_absolute() {
        return None;
    }
    let text = path.to_str()?;
    let slashed = if cfg!(windows) {
        format!("/{}", text.replace('\\', "/"))
    } else {
        text.to_owned()
    };
    let mut uri = String::from("file://");
    for byte in slashed.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    Some(out)
}

/// The decoded URI path as a native path (`/c:/goals` becomes `c:\goals` on Windows).
fn native(decoded: &str) -> PathBuf {
    if cfg!(windows) {
        let bytes = decoded.as_bytes();
        let drive = bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':';
        let trimmed = if drive { &decoded[1..] } else { decoded };
        PathBuf::from(trimmed.replace('/', "\\"))
    } else {
        PathBuf::from(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[cfg(unix)]
    #[test]
    fn paths_round_trip_with_percent_encoding() {
        let path = Path::new("/tmp/goals dir/café 🙂.goal");
        let encoded = from_path(path).map(|u| u.as_str().to_owned());
        assert_eq!(
            encoded.as_deref(),
            Some("file:///tmp/goals%20dir/caf%C3%A9%20%F0%9F%99%82.goal")
        );
        let back = from_path(path).and_then(|u| to_path(&u));
        assert_eq!(back.as_deref(), Some(path));
    }

    #[cfg(unix)]
    #[test]
    fn hosts_and_other_schemes() {
        assert_eq!(
            to_path(&uri("file://localhost/a/b.goal")),
            Some(PathBuf::from("/a/b.goal"))
        );
        assert_eq!(
            to_path(&uri("FILE:///a/b.goal?x#y")),
            Some(PathBuf::from("/a/b.goal"))
        );
        assert_eq!(to_path(&uri("file://server/share/a.goal")), None);
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(from_path(Path::new("relative/a.goal")), None);
    }

    #[test]
    fn malformed_escapes_are_rejected() {
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("a%zz"), None);
        assert_eq!(percent_decode("a%41"), Some(b"aA".to_vec()));
    }
}
