//! Packed bodies: MessagePack (structs as arrays, so field names are not repeated per change)
//! compressed with zstd. Decoding is bounded twice: the compressed body and the decompressed
//! bytes, so a small "zstd bomb" cannot exhaust the server's memory.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Read;
use thiserror::Error;

/// zstd level: 3 is zstd's default, fast on an old laptop and within a few percent of level 9
/// on this kind of data (measured in docs/benchmarks.md).
const LEVEL: i32 = 3;

/// Why a packed body could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("body too large ({0} bytes)")]
    TooLarge(usize),
    #[error("not a zstd stream: {0}")]
    Compression(String),
    #[error("malformed body: {0}")]
    Malformed(String),
}

/// Encodes `value` as compressed MessagePack.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let raw = rmp_serde::to_vec(value).expect("protocol types always serialize");
    zstd::bulk::compress(&raw, LEVEL).expect("in-memory compression cannot fail")
}

/// Decodes a packed body with the protocol's limits.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    decode_with_limits(body, crate::MAX_BODY_BYTES, crate::MAX_DECODED_BYTES)
}

/// Decodes with explicit limits (tests use small ones).
pub fn decode_with_limits<T: DeserializeOwned>(
    body: &[u8],
    max_body: usize,
    max_decoded: usize,
) -> Result<T, DecodeError> {
    if body.len() > max_body {
        return Err(DecodeError::TooLarge(body.len()));
    }
    let decoder = zstd::stream::read::Decoder::new(body)
        .map_err(|e| DecodeError::Compression(e.to_string()))?;
    let mut raw = Vec::new();
    decoder
        .take(max_decoded as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|e| DecodeError::Compression(e.to_string()))?;
    if raw.len() > max_decoded {
        return Err(DecodeError::TooLarge(raw.len()));
    }
    rmp_serde::from_slice(&raw).map_err(|e| DecodeError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Change, Op, PushRequest};

    fn sample() -> PushRequest {
        PushRequest {
            after: 4,
            changes: vec![Change {
                seq: 5,
                change_id: "c1".into(),
                entity: "incoming_document".into(),
                entity_id: "d1".into(),
                op: Op::Upsert,
                payload: r#"{"id":"d1","summary":"Kế hoạch chuyển đổi số"}"#.into(),
                at: 1_700_000_000_000,
                hlc: crate::hlc::format(1_700_000_000_000, 0),
                base: None,
            }],
        }
    }

    #[test]
    fn round_trip() {
        let body = encode(&sample());
        assert_eq!(decode::<PushRequest>(&body).unwrap(), sample());
    }

    #[test]
    fn bomb_is_refused() {
        let big = vec![0u8; 2_000_000];
        let body = zstd::bulk::compress(&big, 3).unwrap();
        assert!(body.len() < 1_000);
        assert!(matches!(
            decode_with_limits::<PushRequest>(&body, 10_000, 1_000_000),
            Err(DecodeError::TooLarge(_))
        ));
    }

    #[test]
    fn truncated_is_refused() {
        let body = encode(&sample());
        for cut in 0..body.len() {
            assert!(decode::<PushRequest>(&body[..cut]).is_err(), "cut at {cut}");
        }
    }
}
