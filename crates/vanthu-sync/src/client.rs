//! HTTP calls to the provincial server (reqwest with rustls; timeouts on every request).

use crate::SyncError;
use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use reqwest::{Client, Response, StatusCode};
use std::time::Duration;
use vanthu_protocol::audit::{AuditPushRequest, AuditPushResponse};
use vanthu_protocol::{
    ApiError, BlobStatus, CAPABILITY_PUSH_DICTIONARY, CONTENT_TYPE_PACKED, EnrolRequest,
    EnrolResponse, HEADER_PROTOCOL, Hello, PROTOCOL_VERSION, PullResponse, PushRequest,
    PushResponse,
};

/// Builds the HTTP client: rustls, connect and request timeouts.
pub fn http_client(request_timeout: Duration) -> Result<Client, SyncError> {
    Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(request_timeout)
        .user_agent(concat!("VanThu/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| SyncError::Network(e.to_string()))
}

/// The answer to a push.
#[derive(Debug)]
pub enum PushReply {
    Applied(PushResponse),
    /// The server expects changes from this seq.
    Gap(i64),
}

/// A device's authenticated connection to its server.
#[derive(Clone)]
pub struct Remote {
    http: Client,
    base: String,
    auth: String,
    /// Compress pushes with the protocol's built-in dictionary (the server said it reads them).
    push_dictionary: bool,
}

fn url(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Turns a non-success answer into the server's `{code, message}`.
async fn failure(resp: Response) -> SyncError {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    match serde_json::from_str::<ApiError>(&text) {
        Ok(e) => SyncError::Server {
            status,
            code: e.code,
            message: e.message,
        },
        Err(_) => SyncError::Server {
            status,
            code: format!("http_{status}"),
            message: format!("Máy chủ trả lời lỗi {status}."),
        },
    }
}

/// Exchanges an enrolment code for a device identity.
pub async fn enrol(
    http: &Client,
    base: &str,
    req: &EnrolRequest,
) -> Result<EnrolResponse, SyncError> {
    let resp = http
        .post(url(base, "/v1/enrol"))
        .header(HEADER_PROTOCOL, PROTOCOL_VERSION.to_string())
        .json(req)
        .send()
        .await?;
    if !resp.status().is_success() {
        return Err(failure(resp).await);
    }
    resp.json()
        .await
        .map_err(|e| SyncError::Protocol(e.to_string()))
}

impl Remote {
    pub fn new(http: Client, base: &str, device_id: &str, token: &str) -> Remote {
        Remote {
            http,
            base: base.to_string(),
            auth: format!("Bearer {device_id}.{token}"),
            push_dictionary: false,
        }
    }

    /// Uses the built-in push dictionary from now on if the server's hello lists it.
    pub fn adopt_capabilities(&mut self, hello: &Hello) {
        self.push_dictionary = hello
            .capabilities
            .iter()
            .any(|c| c == CAPABILITY_PUSH_DICTIONARY);
    }

    /// The body of a push as this connection sends it.
    pub fn push_body(&self, req: &PushRequest) -> Vec<u8> {
        self.packed_body(req)
    }

    fn packed_body<T: serde::Serialize>(&self, value: &T) -> Vec<u8> {
        if self.push_dictionary {
            vanthu_protocol::encode_with_dictionary(value)
        } else {
            vanthu_protocol::encode(value)
        }
    }

    /// Posts a packed body; a 409 with `expected` is a gap, not a failure.
    async fn post_packed<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: Vec<u8>,
    ) -> Result<Result<T, i64>, SyncError> {
        let resp = self
            .http
            .post(url(&self.base, path))
            .header(AUTHORIZATION, &self.auth)
            .header(HEADER_PROTOCOL, PROTOCOL_VERSION.to_string())
            .header(CONTENT_TYPE, CONTENT_TYPE_PACKED)
            .body(body)
            .send()
            .await?;
        if resp.status() == StatusCode::CONFLICT {
            let text = resp.text().await?;
            return match serde_json::from_str::<ApiError>(&text) {
                Ok(ApiError {
                    expected: Some(expected),
                    ..
                }) => Ok(Err(expected)),
                _ => Err(SyncError::Protocol(format!("409: {text}"))),
            };
        }
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        let bytes = resp.bytes().await?;
        vanthu_protocol::decode(&bytes)
            .map(Ok)
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(url(&self.base, path))
            .header(AUTHORIZATION, &self.auth)
            .header(HEADER_PROTOCOL, PROTOCOL_VERSION.to_string())
    }

    pub async fn hello(&self) -> Result<Hello, SyncError> {
        let resp = self.get("/v1/hello").send().await?;
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        resp.json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    pub async fn push(&self, req: &PushRequest) -> Result<PushReply, SyncError> {
        Ok(
            match self.post_packed("/v1/push", self.push_body(req)).await? {
                Ok(resp) => PushReply::Applied(resp),
                Err(expected) => PushReply::Gap(expected),
            },
        )
    }

    /// Uploads audit rows; `Err(expected)`: the server holds fewer rows than `req.after`.
    pub async fn push_audit(
        &self,
        req: &AuditPushRequest,
    ) -> Result<Result<AuditPushResponse, i64>, SyncError> {
        self.post_packed("/v1/audit", self.packed_body(req)).await
    }

    pub async fn pull(&self, after: i64, limit: u32) -> Result<PullResponse, SyncError> {
        let resp = self
            .get(&format!("/v1/pull?after={after}&limit={limit}"))
            .send()
            .await?;
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        let bytes = resp.bytes().await?;
        vanthu_protocol::decode(&bytes).map_err(|e| SyncError::Protocol(e.to_string()))
    }

    pub async fn blob_status(&self, sha: &str) -> Result<BlobStatus, SyncError> {
        let resp = self.get(&format!("/v1/blobs/{sha}/status")).send().await?;
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        resp.json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// Uploads `data` at `start` of a blob of `total` bytes.
    pub async fn blob_put(
        &self,
        sha: &str,
        start: i64,
        total: i64,
        data: Vec<u8>,
    ) -> Result<BlobStatus, SyncError> {
        let end = start + data.len() as i64 - 1;
        let resp = self
            .http
            .put(url(&self.base, &format!("/v1/blobs/{sha}")))
            .header(AUTHORIZATION, &self.auth)
            .header(HEADER_PROTOCOL, PROTOCOL_VERSION.to_string())
            .header(CONTENT_RANGE, format!("bytes {start}-{end}/{total}"))
            .body(data)
            .send()
            .await?;
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        resp.json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// Downloads from `start`; `None` if the server does not have the complete blob yet.
    pub async fn blob_get(&self, sha: &str, start: i64) -> Result<Option<Vec<u8>>, SyncError> {
        let resp = self
            .get(&format!("/v1/blobs/{sha}"))
            .header(RANGE, format!("bytes={start}-"))
            .send()
            .await?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !resp.status().is_success() {
            return Err(failure(resp).await);
        }
        Ok(Some(resp.bytes().await?.to_vec()))
    }
}
