//! Fuzzing of the push decoder with proptest: arbitrary bytes, valid bodies cut short or with
//! bytes flipped, and well-formed bodies with wrong values must all be answered with an error
//! (never a panic), and a valid body must decode to what was encoded; bodies are made with and
//! without the built-in push dictionary. Prints how many cases ran (`scripts/test-server.sh`
//! shows the line in CI).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::atomic::{AtomicU64, Ordering};
use vanthu_protocol::{Change, Op, PushRequest, decode, encode, encode_with_dictionary, hlc};

fn change_strategy() -> impl Strategy<Value = Change> {
    (
        1i64..1_000_000,
        "[a-f0-9-]{8,36}",
        prop::sample::select(vec![
            "incoming_document",
            "incoming_event",
            "attachment",
            "Bad Name",
            "",
        ]),
        "[a-z0-9-]{0,40}",
        prop::sample::select(vec![Op::Upsert, Op::Append, Op::Delete]),
        prop::sample::select(vec![
            r#"{"id":"x","summary":"Kế hoạch"}"#.to_string(),
            "[1,2]".to_string(),
            "not json".to_string(),
            "{}".to_string(),
        ]),
        any::<i64>(),
        prop::option::of(prop::sample::select(vec![
            r#"{"summary":"cũ"}"#.to_string(),
            "7".to_string(),
        ])),
    )
        .prop_map(
            |(seq, change_id, entity, entity_id, op, payload, at, base)| Change {
                seq,
                change_id,
                entity: entity.to_string(),
                entity_id,
                op,
                payload,
                at,
                hlc: hlc::format(at.rem_euclid(10_000_000_000_000), seq),
                base,
            },
        )
}

fn request_strategy() -> impl Strategy<Value = PushRequest> {
    (-2i64..100, prop::collection::vec(change_strategy(), 0..8))
        .prop_map(|(after, changes)| PushRequest { after, changes })
}

#[test]
fn push_decoder_never_panics() {
    let cases = AtomicU64::new(0);
    // A fresh runner per family: a TestRunner counts successes across `run` calls, so a shared
    // one would stop after the first family's 3,000 cases.
    let runner = || {
        TestRunner::new(Config {
            cases: 3_000,
            ..Config::default()
        })
    };
    // 1. Arbitrary bytes.
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..512), |bytes| {
            cases.fetch_add(1, Ordering::Relaxed);
            if let Ok(req) = decode::<PushRequest>(&bytes) {
                let _ = req.validate();
            }
            Ok(())
        })
        .unwrap();
    // 2. Valid encodings round-trip; validation decides without panicking, and accepts a
    //    request only if its seqs are strictly increasing above `after`.
    runner()
        .run(&(request_strategy(), any::<bool>()), |(req, dict)| {
            cases.fetch_add(1, Ordering::Relaxed);
            let body = if dict {
                encode_with_dictionary(&req)
            } else {
                encode(&req)
            };
            let back: PushRequest = decode(&body).expect("own encoding decodes");
            prop_assert_eq!(&back, &req);
            if back.validate().is_ok() {
                let mut prev = back.after;
                for c in &back.changes {
                    prop_assert!(c.seq > prev);
                    prev = c.seq;
                }
            }
            Ok(())
        })
        .unwrap();
    // 3. Valid encodings truncated or with one byte flipped.
    runner()
        .run(
            &(
                request_strategy(),
                any::<prop::sample::Index>(),
                any::<u8>(),
                any::<(bool, bool)>(),
            ),
            |(req, at, byte, (truncate, dict))| {
                cases.fetch_add(1, Ordering::Relaxed);
                let mut body = if dict {
                    encode_with_dictionary(&req)
                } else {
                    encode(&req)
                };
                let i = at.index(body.len());
                if truncate {
                    body.truncate(i);
                    prop_assert!(decode::<PushRequest>(&body).is_err());
                } else {
                    body[i] ^= byte | 1;
                    if let Ok(r) = decode::<PushRequest>(&body) {
                        let _ = r.validate();
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    // 4. Wrongly typed bodies: other protocol messages and MessagePack of other shapes.
    runner()
        .run(
            &prop::collection::vec(any::<(i64, String)>(), 0..6),
            |pairs| {
                cases.fetch_add(1, Ordering::Relaxed);
                let raw = rmp_serde_like(&pairs);
                let body = zstd::bulk::compress(&raw, 1).unwrap();
                let _ = decode::<PushRequest>(&body).map(|r| r.validate());
                Ok(())
            },
        )
        .unwrap();
    let n = cases.load(Ordering::Relaxed);
    println!("fuzz_push_decoder: {n} cases ran");
    assert!(n >= 12_000, "expected at least 12000 cases, ran {n}");
}

/// MessagePack of a list of pairs, written by hand so this test needs no extra dependency.
fn rmp_serde_like(pairs: &[(i64, String)]) -> Vec<u8> {
    let mut out = vec![0x90 | pairs.len() as u8];
    for (n, s) in pairs {
        out.push(0x92);
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
        let bytes = s.as_bytes();
        let len = bytes.len().min(31);
        out.push(0xa0 | len as u8);
        out.extend_from_slice(&bytes[..len]);
    }
    out
}
