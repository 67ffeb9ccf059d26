//! Packed bodies: MessagePack (structs as arrays, so field names are not repeated per change)
//! compressed with zstd. Decoding is bounded twice: the compressed body and the decompressed
//! bytes, so a small "zstd bomb" cannot exhaust the server's memory.
//!
//! Push bodies may also be compressed with the protocol's built-in zstd dictionary
//! ([`PUSH_DICTIONARY`]): a push made right after one user action holds a handful of changes,
//! too little for zstd to find repeats in, so without shared history it costs ~400 bytes a
//! change; with the dictionary ~130 (docs/benchmarks.md). The frame header names the dictionary
//! it needs, so [`decode`] reads either kind and refuses a dictionary it does not know. A client
//! uses it only when the server's hello lists [`CAPABILITY_PUSH_DICTIONARY`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Read;
use thiserror::Error;

/// zstd level: 3 is zstd's default, fast on an old laptop and within a few percent of level 9
/// on this kind of data (measured in docs/benchmarks.md).
const LEVEL: i32 = 3;

/// The built-in dictionary for push bodies, trained by `vanthu-syncbench --train-dictionary FILE` on the
/// MessagePack bodies of single-action pushes from generated data (a different seed from the one
/// the benchmark measures). It holds the wire structure, field names, status and type codes and
/// common agency words, not anyone's records. Never change these bytes: ship a new file with a
/// new capability name instead, so older peers keep reading what they were sent.
pub const PUSH_DICTIONARY: &[u8] = include_bytes!("../dict/push-v1.zdict");

/// Hello capability of a server that reads push bodies compressed with [`PUSH_DICTIONARY`].
pub const CAPABILITY_PUSH_DICTIONARY: &str = "zstd-dict-push-1";

/// Why a packed body could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("body too large ({0} bytes)")]
    TooLarge(usize),
    #[error("not a zstd stream: {0}")]
    Compression(String),
    #[error("body needs an unknown zstd dictionary ({0})")]
    UnknownDictionary(u32),
    #[error("malformed body: {0}")]
    Malformed(String),
}

/// Encodes `value` as compressed MessagePack.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let raw = rmp_serde::to_vec(value).expect("protocol types always serialize");
    zstd::bulk::compress(&raw, LEVEL).expect("in-memory compression cannot fail")
}

/// Encodes `value` as MessagePack compressed with the built-in [`PUSH_DICTIONARY`].
pub fn encode_with_dictionary<T: Serialize>(value: &T) -> Vec<u8> {
    let raw = rmp_serde::to_vec(value).expect("protocol types always serialize");
    zstd::bulk::Compressor::with_dictionary(LEVEL, PUSH_DICTIONARY)
        .and_then(|mut c| c.compress(&raw))
        .expect("in-memory compression with the built-in dictionary cannot fail")
}

/// The dictionary id recorded in frames compressed with [`PUSH_DICTIONARY`].
fn push_dictionary_id() -> Option<u32> {
    zstd::zstd_safe::get_dict_id_from_dict(PUSH_DICTIONARY).map(|id| id.get())
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
    let mut raw = Vec::new();
    let read = match zstd::zstd_safe::get_dict_id_from_frame(body).map(|id| id.get()) {
        None => zstd::stream::read::Decoder::new(body)
            .and_then(|d| d.take(max_decoded as u64 + 1).read_to_end(&mut raw)),
        Some(id) if Some(id) == push_dictionary_id() => {
            zstd::stream::read::Decoder::with_dictionary(body, PUSH_DICTIONARY)
                .and_then(|d| d.take(max_decoded as u64 + 1).read_to_end(&mut raw))
        }
        Some(id) => return Err(DecodeError::UnknownDictionary(id)),
    };
    read.map_err(|e| DecodeError::Compression(e.to_string()))?;
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
    fn round_trip_with_the_dictionary() {
        let body = encode_with_dictionary(&sample());
        assert!(
            push_dictionary_id().is_some(),
            "the built-in dictionary has an id"
        );
        assert_eq!(
            zstd::zstd_safe::get_dict_id_from_frame(&body).map(|i| i.get()),
            push_dictionary_id()
        );
        assert_eq!(decode::<PushRequest>(&body).unwrap(), sample());
        // Smaller than the plain body: the field names and codes are in the dictionary.
        assert!(body.len() < encode(&sample()).len(), "{} bytes", body.len());
        for cut in 0..body.len() {
            assert!(decode::<PushRequest>(&body[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn unknown_dictionary_is_refused() {
        let other = zstd::dict::from_continuous(&[b'x'; 4096], &[1024; 4], 1024);
        let raw = rmp_serde::to_vec(&sample()).unwrap();
        let body = match other {
            Ok(dict) => zstd::bulk::Compressor::with_dictionary(3, &dict)
                .unwrap()
                .compress(&raw)
                .unwrap(),
            // Training can refuse such uniform samples; a frame naming dictionary 77 by hand
            // is then the test: magic, descriptor with a 1-byte dictionary id, window, id.
            Err(_) => vec![0x28, 0xB5, 0x2F, 0xFD, 0x01, 0x58, 77, 0, 0, 0],
        };
        assert!(matches!(
            decode::<PushRequest>(&body),
            Err(DecodeError::UnknownDictionary(_))
        ));
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
