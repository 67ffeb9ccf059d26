//! Bad input over real HTTP (the router on 127.0.0.1 port 0): malformed, oversized, wrongly
//! typed and truncated bodies, bad or revoked tokens, reused codes, province-owned entities and
//! another unit's ids. Each gets a clear 4xx `{code, message}`, nothing is stored, the server
//! keeps serving.

use reqwest::StatusCode;
use std::sync::Arc;
use vanthu_protocol::{Change, EnrolRequest, EnrolResponse, HEADER_PROTOCOL, Op, PushRequest, hlc};
use vanthu_server::storage::sqlite::Sqlite;
use vanthu_server::{AppState, Storage, admin, router};

struct Server {
    url: String,
    storage: Arc<Sqlite>,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let storage = Arc::new(Sqlite::open(&dir.path().join("s.db")).unwrap());
    let app = router(AppState::new(storage.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        url,
        storage,
        _dir: dir,
    }
}

async fn enrol(s: &Server, unit: &str) -> (EnrolResponse, String) {
    let u = match admin::find_unit(s.storage.as_ref(), unit).await {
        Ok(u) => u,
        Err(_) => admin::create_unit(s.storage.as_ref(), unit, "UBND xã", "UBND", "state", 1)
            .await
            .unwrap(),
    };
    let (code, _) = admin::issue_enrol_code(
        s.storage.as_ref(),
        &u,
        3_600_000,
        chrono::Utc::now().timestamp_millis(),
    )
    .await
    .unwrap();
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/enrol", s.url))
        .header(HEADER_PROTOCOL, "1")
        .json(&EnrolRequest {
            code: code.clone(),
            device_name: "máy".into(),
            outbox_base: 0,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    (resp.json().await.unwrap(), code)
}

fn change(seq: i64, entity: &str, id: &str) -> Change {
    Change {
        seq,
        change_id: uuid::Uuid::new_v4().to_string(),
        entity: entity.into(),
        entity_id: id.into(),
        op: Op::Upsert,
        payload: format!(r#"{{"id":"{id}","summary":"x"}}"#),
        at: 1,
        hlc: hlc::format(1_700_000_000_000, seq),
        base: None,
    }
}

/// Sends a push body and returns (status, error code).
async fn push_raw(s: &Server, auth: &str, body: Vec<u8>) -> (StatusCode, String) {
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/push", s.url))
        .header(HEADER_PROTOCOL, "1")
        .header("authorization", auth)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let v: serde_json::Value = resp.json().await.unwrap_or_default();
    assert!(
        v["message"].as_str().is_some_and(|m| !m.is_empty()) || status.is_success(),
        "{v}"
    );
    (status, v["code"].as_str().unwrap_or("").to_string())
}

async fn stored(s: &Server, unit: &str) -> usize {
    let u = admin::find_unit(s.storage.as_ref(), unit).await.unwrap();
    s.storage
        .log(&u.id)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.origin.is_some())
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_cleanly() {
    let s = start().await;
    let (dev, code) = enrol(&s, "A").await;
    let auth = format!("Bearer {}.{}", dev.device_id, dev.token);
    let ok = |c: Vec<Change>| {
        vanthu_protocol::encode(&PushRequest {
            after: 0,
            changes: c,
        })
    };

    // Malformed, truncated, wrongly typed, oversized.
    assert_eq!(
        push_raw(&s, &auth, b"not zstd at all".to_vec()).await,
        (StatusCode::BAD_REQUEST, "bad_request".into())
    );
    let good = ok(vec![change(1, "incoming_document", "d1")]);
    assert_eq!(
        push_raw(&s, &auth, good[..good.len() / 2].to_vec()).await.0,
        StatusCode::BAD_REQUEST
    );
    let hello_shaped =
        zstd::bulk::compress(&rmp_serde::to_vec(&("hello", 1, true)).unwrap(), 1).unwrap();
    assert_eq!(
        push_raw(&s, &auth, hello_shaped).await.0,
        StatusCode::BAD_REQUEST
    );
    let bomb = zstd::bulk::compress(&vec![0u8; 80 * 1024 * 1024], 3).unwrap();
    assert_eq!(
        push_raw(&s, &auth, bomb).await,
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large".into())
    );
    let huge = vec![7u8; 9 * 1024 * 1024];
    assert_eq!(
        push_raw(&s, &auth, huge).await,
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large".into())
    );
    // Field-level: a payload that is not JSON, seqs out of order, a bad entity name.
    let mut not_json = change(1, "incoming_document", "d1");
    not_json.payload = "{oops".into();
    assert_eq!(
        push_raw(&s, &auth, ok(vec![not_json])).await.1,
        "bad_request"
    );
    assert_eq!(
        push_raw(
            &s,
            &auth,
            ok(vec![
                change(2, "incoming_document", "a"),
                change(1, "incoming_document", "b")
            ])
        )
        .await
        .1,
        "bad_request"
    );
    assert_eq!(
        push_raw(&s, &auth, ok(vec![change(1, "DROP TABLE", "a")]))
            .await
            .1,
        "bad_request"
    );
    // Province-owned records cannot be written by a device, even mixed with good changes.
    assert_eq!(
        push_raw(
            &s,
            &auth,
            ok(vec![
                change(1, "incoming_document", "d1"),
                change(2, "holiday_override", "2026")
            ])
        )
        .await,
        (StatusCode::FORBIDDEN, "province_owned".into())
    );
    // Tokens: missing, wrong, another device's id with this token.
    assert_eq!(
        push_raw(&s, "", good.clone()).await,
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    assert_eq!(
        push_raw(&s, &format!("Bearer {}.wrong", dev.device_id), good.clone())
            .await
            .1,
        "unauthorized"
    );
    assert_eq!(
        push_raw(&s, "Bearer garbage", good.clone()).await.1,
        "unauthorized"
    );
    assert_eq!(
        stored(&s, "A").await,
        0,
        "nothing stored by any refused request"
    );

    // Protocol header: missing or from the future.
    let resp = reqwest::Client::new()
        .get(format!("{}/v1/hello", s.url))
        .header("authorization", &auth)
        .header(HEADER_PROTOCOL, "99")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UPGRADE_REQUIRED);
    // Reused enrolment code.
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/enrol", s.url))
        .header(HEADER_PROTOCOL, "1")
        .json(&EnrolRequest {
            code,
            device_name: "máy 2".into(),
            outbox_base: 0,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::GONE);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["code"], "enrol_code_used");
    // Enrol body of the wrong type.
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/enrol", s.url))
        .header(HEADER_PROTOCOL, "1")
        .body(r#"{"code": 12, "device_name": []}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

    // The good batch still works; another unit's device cannot touch its records or blobs.
    assert_eq!(push_raw(&s, &auth, good.clone()).await.0, StatusCode::OK);
    let (other, _) = enrol(&s, "B").await;
    let other_auth = format!("Bearer {}.{}", other.device_id, other.token);
    assert_eq!(
        push_raw(&s, &other_auth, good.clone()).await,
        (StatusCode::FORBIDDEN, "foreign_record".into())
    );
    assert_eq!(stored(&s, "B").await, 0);
    let sha = "a".repeat(64);
    let resp = reqwest::Client::new()
        .get(format!("{}/v1/blobs/{sha}", s.url))
        .header(HEADER_PROTOCOL, "1")
        .header("authorization", &other_auth)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // Pull with a wrongly typed cursor.
    let resp = reqwest::Client::new()
        .get(format!("{}/v1/pull?after=yesterday", s.url))
        .header(HEADER_PROTOCOL, "1")
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // Revoked: refused from then on.
    s.storage.revoke_device(&dev.device_id, 1).await.unwrap();
    assert_eq!(
        push_raw(&s, &auth, good).await,
        (StatusCode::FORBIDDEN, "revoked".into())
    );
    assert_eq!(stored(&s, "A").await, 1);
}
