//! What travels on the wire: pages and assets compressed as the browser asks (br or gzip) and
//! plain when it does not; assets revalidated (304 on a repeat visit) and never carrying a
//! cookie; pages never stored.
use portal_test_support::{spawn_app_with, Options};
use reqwest::{header, StatusCode};

async fn fetch(
    client: &reqwest::Client,
    url: &str,
    encoding: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, usize) {
    let mut request = client.get(url);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let response = request.send().await.expect("GET");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.bytes().await.expect("body").len();
    (status, headers, bytes)
}

fn value(headers: &reqwest::header::HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tokio::test]
async fn pages_and_assets_are_compressed_as_asked_and_assets_carry_no_cookie() {
    let site = std::env::temp_dir().join(format!("portal-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let css = ".card { margin: 0 auto; padding: 1rem; }\n".repeat(500);
    std::fs::write(site.join("pkg/portal.css"), &css).expect("css");
    let app = spawn_app_with(Options {
        site_root: Some(site.to_string_lossy().into_owned()),
        ..Default::default()
    })
    .await;
    // A client that shows the bytes as sent (no decoding of its own).
    let raw = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let (_, _, plain_page) = fetch(&raw, &app.url("/"), None).await;
    for (asked, sent) in [
        (Some("br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (None, None),
    ] {
        let (status, headers, bytes) = fetch(&raw, &app.url("/"), asked).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            value(&headers, header::CONTENT_ENCODING).as_deref(),
            sent,
            "page, {asked:?}"
        );
        assert_eq!(
            value(&headers, header::CACHE_CONTROL).as_deref(),
            Some("no-store")
        );
        if sent.is_some() {
            assert!(bytes * 2 < plain_page, "page {bytes} of {plain_page} bytes");
        }

        let (status, headers, bytes) = fetch(&raw, &app.url("/pkg/portal.css"), asked).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            value(&headers, header::CONTENT_ENCODING).as_deref(),
            sent,
            "asset, {asked:?}"
        );
        assert_eq!(
            value(&headers, header::CACHE_CONTROL).as_deref(),
            Some("public, no-cache")
        );
        assert!(
            headers.get(header::SET_COOKIE).is_none(),
            "no cookie on an asset"
        );
        match sent {
            Some(_) => assert!(
                bytes * 10 < css.len(),
                "asset {bytes} of {} bytes",
                css.len()
            ),
            None => assert_eq!(bytes, css.len()),
        }
    }
    // A repeat visit revalidates: nothing is sent again.
    let (_, headers, _) = fetch(&raw, &app.url("/pkg/portal.css"), Some("br")).await;
    let modified = value(&headers, header::LAST_MODIFIED).expect("Last-Modified");
    let again = raw
        .get(app.url("/pkg/portal.css"))
        .header(header::IF_MODIFIED_SINCE, modified)
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn an_asset_precompressed_at_build_time_is_sent_as_built() {
    // `cargo leptos build --release --precompress` leaves .br and .gz beside each asset; the
    // portal sends those bytes as they are instead of compressing on every request.
    let site = std::env::temp_dir().join(format!("portal-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let js = "export function hydrate() { return 1; }\n".repeat(200);
    std::fs::write(site.join("pkg/portal.js"), &js).expect("js");
    // Marker bytes: a client that does not decode sees exactly what was built.
    std::fs::write(site.join("pkg/portal.js.br"), b"built-with-brotli").expect("br");
    std::fs::write(site.join("pkg/portal.js.gz"), b"built-with-gzip").expect("gz");
    let app = spawn_app_with(Options {
        site_root: Some(site.to_string_lossy().into_owned()),
        ..Default::default()
    })
    .await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .build()
        .expect("client");
    for (asked, sent, body) in [
        ("br", Some("br"), "built-with-brotli"),
        ("gzip", Some("gzip"), "built-with-gzip"),
        ("identity", None, js.as_str()),
    ] {
        let response = raw
            .get(app.url("/pkg/portal.js"))
            .header(header::ACCEPT_ENCODING, asked)
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            value(response.headers(), header::CONTENT_ENCODING).as_deref(),
            sent,
            "{asked}"
        );
        assert_eq!(response.text().await.expect("body"), body, "{asked}");
    }
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn a_fingerprinted_build_is_linked_by_its_hashed_names_and_cached_for_a_year() {
    // What `cargo leptos build` with `hash-files` leaves: renamed files and their hashes.
    let site = std::env::temp_dir().join(format!("portal-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let (js_hash, wasm_hash, css_hash) = (
        "u7Q9bdWdxhH3GYQ_KhQkbQ",
        "0Xq-3Hq4kG1vQ2mXc9a6Zw",
        "Yr2D5p1fQm8sZbq0n4eW1g",
    );
    let css = ".card { margin: 0 auto; }\n".repeat(100);
    std::fs::write(site.join(format!("pkg/portal.{css_hash}.css")), &css).expect("css");
    std::fs::write(site.join(format!("pkg/portal.{js_hash}.js")), "export {};").expect("js");
    std::fs::write(site.join(format!("pkg/portal.{wasm_hash}.wasm")), b"\0asm").expect("wasm");
    let hash_file = site.join("hash.txt");
    std::fs::write(
        &hash_file,
        format!("js: {js_hash}\nwasm: {wasm_hash}\ncss: {css_hash}\n"),
    )
    .expect("hash file");
    let app = spawn_app_with(Options {
        site_root: Some(site.to_string_lossy().into_owned()),
        hash_file: Some(hash_file),
        ..Default::default()
    })
    .await;

    // The page links the names of this build (so a new build is fetched at once).
    let (status, html) = app.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    for name in [
        format!("/pkg/portal.{css_hash}.css"),
        format!("/pkg/portal.{js_hash}.js"),
        format!("/pkg/portal.{wasm_hash}.wasm"),
    ] {
        assert!(html.contains(&name), "the home page links {name}");
    }
    assert!(!html.contains("/pkg/portal.css"), "not the stable name");

    for file in [
        format!("portal.{css_hash}.css"),
        format!("portal.{js_hash}.js"),
        format!("portal.{wasm_hash}.wasm"),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/pkg/{file}")))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert_eq!(
            value(response.headers(), header::CACHE_CONTROL).as_deref(),
            Some("public, max-age=31536000, immutable"),
            "{file}"
        );
        assert!(response.headers().get(header::SET_COOKIE).is_none());
    }

    // The stable name (receipts, certificates' verify page, error pages) still answers, with
    // the same bytes, revalidated instead.
    let stable = app
        .client
        .get(app.url("/pkg/portal.css"))
        .send()
        .await
        .expect("GET");
    assert_eq!(stable.status(), StatusCode::OK);
    assert_eq!(
        value(stable.headers(), header::CACHE_CONTROL).as_deref(),
        Some("public, no-cache")
    );
    assert_eq!(stable.text().await.expect("body"), css);

    // A name of an earlier build is gone, and not cached as if it were there.
    let stale = app
        .client
        .get(app.url("/pkg/portal.AAAAAAAAAAAAAAAAAAAAAA.css"))
        .send()
        .await
        .expect("GET");
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        value(stale.headers(), header::CACHE_CONTROL).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn a_cached_catalogue_page_sent_as_gzip_is_the_page_with_the_visitors_own_token() {
    let app = spawn_app_with(Options::default()).await;
    // One visitor (one CSRF cookie), reading the bytes as sent.
    let visitor = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let plain = visitor.get(app.url("/services")).send().await.expect("GET");
    assert_eq!(plain.status(), StatusCode::OK);
    let plain = plain.text().await.expect("page");
    let token = portal_test_support::extract_csrf(&plain).expect("a CSRF token");
    // The first request rendered and cached the page; these come from the cache.
    for _ in 0..2 {
        let response = visitor
            .get(app.url("/services"))
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .send()
            .await
            .expect("GET");
        assert_eq!(
            value(response.headers(), header::CONTENT_ENCODING).as_deref(),
            Some("gzip")
        );
        assert_eq!(
            value(response.headers(), header::VARY).as_deref(),
            Some("accept-encoding")
        );
        assert_eq!(
            value(response.headers(), header::CACHE_CONTROL).as_deref(),
            Some("no-store")
        );
        let bytes = response.bytes().await.expect("body");
        assert!(
            bytes.len() * 3 < plain.len(),
            "{} of {}",
            bytes.len(),
            plain.len()
        );
        // Compressed once for every visitor, not per request: the visitor's token travels as
        // stored bytes between the compressed pieces.
        assert!(
            bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token is stored, not compressed with the page"
        );
        let mut page = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut page)
            .expect("a valid gzip stream");
        assert_eq!(page, plain, "the same page, with the same visitor's token");
    }
    // Another visitor gets its own token in the same cached page.
    let other = reqwest::Client::builder()
        .no_gzip()
        .cookie_store(true)
        .build()
        .expect("client");
    let bytes = other
        .get(app.url("/services"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("GET")
        .bytes()
        .await
        .expect("body");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut page)
        .expect("a valid gzip stream");
    let other_token = portal_test_support::extract_csrf(&page).expect("a CSRF token");
    assert_ne!(other_token, token);
    // The token works: the language switch on the page accepts it.
    let switched = visitor
        .post(app.url("/language"))
        .form(&[
            ("lang", "en"),
            ("next", "/services"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
}
