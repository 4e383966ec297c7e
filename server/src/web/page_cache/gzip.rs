//! A cached page as one gzip stream without compressing it per visitor. The page's pieces
//! (the page cut where the CSRF token goes) are deflated once, each on its own and ended with a
//! sync flush, so no piece refers back into another and each ends on a byte boundary; a
//! visitor's token goes between them as a stored (uncompressed) block. Serving is then copying
//! bytes and one CRC-32 over the page, which is what let the anonymous catalogue pages keep up
//! with a static file server that compresses (`.ci/bench`).
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::Write;

/// gzip header: magic, deflate, no flags, no time, no extra flags, unknown OS (RFC 1952).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// The last block: stored, final, empty.
const LAST_BLOCK: [u8; 5] = [1, 0, 0, 0xff, 0xff];

/// Each piece deflated on its own, non-final blocks ending byte-aligned.
pub fn deflate_pieces<'a>(pieces: impl IntoIterator<Item = &'a str>) -> Box<[Box<[u8]>]> {
    pieces.into_iter().map(deflate_piece).collect()
}

fn deflate_piece(piece: &str) -> Box<[u8]> {
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(piece.len() / 3), Compression::best());
    // Writing to a Vec cannot fail; a sync flush ends the output on a byte boundary without
    // marking the last block.
    if encoder.write_all(piece.as_bytes()).is_err() || encoder.flush().is_err() {
        return stored_blocks(piece.as_bytes()).into_boxed_slice();
    }
    encoder.get_ref().clone().into_boxed_slice()
}

/// Bytes as non-final stored blocks (at most 65,535 bytes each).
fn stored_blocks(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 5 * (bytes.len() / 65_535 + 1));
    for chunk in bytes.chunks(65_535) {
        // `chunks` keeps each chunk within u16.
        let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        out.push(0);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// The gzip stream of `pieces` joined by `token`, from the pieces deflated by [`deflate_pieces`].
pub fn with_token(pieces: &[Box<str>], deflated: &[Box<[u8]>], token: &str) -> Vec<u8> {
    let token_block = stored_blocks(token.as_bytes());
    let joins = pieces.len().saturating_sub(1);
    let mut out = Vec::with_capacity(
        HEADER.len()
            + deflated.iter().map(|d| d.len()).sum::<usize>()
            + token_block.len() * joins
            + LAST_BLOCK.len()
            + 8,
    );
    let mut crc = crc32fast::Hasher::new();
    let mut size: usize = 0;
    out.extend_from_slice(&HEADER);
    for (i, (piece, block)) in pieces.iter().zip(deflated).enumerate() {
        if i > 0 {
            out.extend_from_slice(&token_block);
            crc.update(token.as_bytes());
            size += token.len();
        }
        out.extend_from_slice(block);
        crc.update(piece.as_bytes());
        size += piece.len();
    }
    out.extend_from_slice(&LAST_BLOCK);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    // ISIZE is the size modulo 2^32 (RFC 1952).
    out.extend_from_slice(&((size & 0xffff_ffff) as u32).to_le_bytes());
    out
}

/// Whether an Accept-Encoding header value takes gzip (`gzip`, `x-gzip` or `*`, q > 0).
pub fn accepted(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let names_gzip = ["gzip", "x-gzip", "*"]
            .iter()
            .any(|name| coding.eq_ignore_ascii_case(name));
        let refused = parts.any(|param| {
            let param = param.trim();
            param
                .strip_prefix("q=")
                .or_else(|| param.strip_prefix("Q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        names_gzip && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .expect("a valid gzip stream");
        text
    }

    fn pieces(page: &str) -> Box<[Box<str>]> {
        page.split("@@").map(Box::from).collect()
    }

    #[test]
    fn a_page_decompresses_to_its_pieces_joined_by_the_token() {
        let page = format!(
            "{}<input value=\"@@\"><p>{}</p><script>{{\"t\":\"@@\"}}</script>@@",
            "<nav>目录 catalogue</nav>".repeat(300),
            "办事指南 guide ".repeat(500)
        );
        let pieces = pieces(&page);
        let deflated = deflate_pieces(pieces.iter().map(|p| &**p));
        let token = "ab".repeat(32);
        let gzip = with_token(&pieces, &deflated, &token);
        assert_eq!(gunzip(&gzip), page.replace("@@", &token));
        assert!(
            gzip.len() * 5 < page.len(),
            "{} of {}",
            gzip.len(),
            page.len()
        );
        // Another visitor's token, the same compressed pieces.
        assert_eq!(
            gunzip(&with_token(&pieces, &deflated, "xyz")),
            page.replace("@@", "xyz")
        );
    }

    #[test]
    fn empty_pieces_and_a_page_without_a_token_are_valid_streams() {
        for page in ["", "@@", "@@@@", "no token here"] {
            let pieces = pieces(page);
            let deflated = deflate_pieces(pieces.iter().map(|p| &**p));
            assert_eq!(
                gunzip(&with_token(&pieces, &deflated, "t0k3n")),
                page.replace("@@", "t0k3n")
            );
        }
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        for header in [
            "gzip",
            "br, gzip",
            "gzip, deflate, br, zstd",
            "GZIP;q=0.5",
            "*",
            "x-gzip",
        ] {
            assert!(accepted(header), "{header}");
        }
        for header in ["", "br", "identity", "gzip;q=0", "br, gzip; q=0.0", "gzipx"] {
            assert!(!accepted(header), "{header}");
        }
    }
}
