//! The reference SMS gateway in-process on port 0: a test portal sends its text messages
//! there (over real HTTP) and the test reads the codes, as a person reads their phone.
use reference_sms::{router, Inbox};
use std::time::Duration;

/// The token the test portal and the gateway share.
pub const TOKEN: &str = "reference-sms-test-token";

#[derive(Clone)]
pub struct SmsGateway {
    pub url: String,
    pub inbox: Inbox,
}

impl SmsGateway {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMS gateway");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let inbox = Inbox::default();
        let app = router(TOKEN, inbox.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, inbox }
    }

    /// The `count`-th message to `mobile` (waiting for it, at most 10 s).
    pub async fn message(&self, mobile: &str, count: usize) -> String {
        let messages = self
            .inbox
            .wait_for(mobile, count, Duration::from_secs(10))
            .await
            .unwrap_or_else(|| panic!("no message #{count} to {mobile} within 10 s"));
        messages[0].text.clone()
    }

    /// The code in the `count`-th message to `mobile`: its run of six digits.
    pub async fn code(&self, mobile: &str, count: usize) -> String {
        let text = self.message(mobile, count).await;
        code_in(&text).unwrap_or_else(|| panic!("no code in {text:?}"))
    }
}

/// The first run of exactly six digits in `text`.
pub fn code_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .map(str::to_string)
}
