//! What an uploaded file really is, judged by its first bytes (never by its name or the
//! browser's claim).

/// Bytes needed to recognise every type below.
pub const SNIFF_BYTES: usize = 8;

/// The MIME type the content shows, if it is one the portal accepts at all.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (&[0xFF, 0xD8, 0xFF], "image/jpeg"),
        (
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
            "image/png",
        ),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, mime)| *mime)
}

/// A name safe to show and to offer in a download header: the last path segment, without control
/// characters or quotes, at most 120 characters. Never used to build a storage path.
pub fn display_name(original: &str) -> String {
    let last = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "file".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_accepted_types_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
    }

    #[test]
    fn refuses_other_content_whatever_it_is_called() {
        assert_eq!(sniff(b"MZ\x90\x00"), None, "a Windows executable");
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"%PD"), None, "too short to be a PDF");
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn display_names_cannot_carry_paths_or_header_tricks() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\a\\营业执照.pdf"), "营业执照.pdf");
        assert_eq!(display_name("a\"b;\r\nc.pdf"), "abc.pdf");
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name(&"x".repeat(500)).chars().count(), 120);
    }
}
