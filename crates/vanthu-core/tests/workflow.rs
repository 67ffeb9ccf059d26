//! Every (state, action) pair of both workflows against a table written by hand from NĐ 30.

use chrono::NaiveDate;
use vanthu_core::incoming::{self, IncomingAction, IncomingStatus as S};
use vanthu_core::outgoing::{self, OutgoingAction as OA, OutgoingStatus as OS};

fn incoming_actions() -> Vec<IncomingAction> {
    let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    vec![
        IncomingAction::Submit { note: None },
        IncomingAction::Assign {
            assignee: "Nguyễn Văn An".into(),
            instructions: None,
            deadline: Some(d),
        },
        IncomingAction::Reassign {
            assignee: "Trần Thị Bình".into(),
            reason: "Đi công tác".into(),
        },
        IncomingAction::ExtendDeadline {
            deadline: d,
            reason: "Chờ số liệu".into(),
        },
        IncomingAction::Progress {
            note: "Đã liên hệ".into(),
        },
        IncomingAction::Complete {
            result: "Đã báo cáo".into(),
            reply_outgoing_id: None,
        },
        IncomingAction::File { note: None },
    ]
}

/// The allowed transitions, written out by hand: (from, action code, to).
const INCOMING_ALLOWED: &[(S, &str, S)] = &[
    (S::Registered, "submit", S::Submitted),
    (S::Registered, "assign", S::Assigned),
    (S::Registered, "file", S::Filed),
    (S::Submitted, "assign", S::Assigned),
    (S::Submitted, "file", S::Filed),
    (S::Assigned, "reassign", S::Assigned),
    (S::Assigned, "extend_deadline", S::Assigned),
    (S::Assigned, "progress", S::InProgress),
    (S::Assigned, "complete", S::Done),
    (S::InProgress, "reassign", S::Assigned),
    (S::InProgress, "extend_deadline", S::InProgress),
    (S::InProgress, "progress", S::InProgress),
    (S::InProgress, "complete", S::Done),
];

#[test]
fn incoming_transition_table_is_exact() {
    let mut allowed = 0;
    for from in S::ALL {
        for action in incoming_actions() {
            let expected = INCOMING_ALLOWED
                .iter()
                .find(|(f, a, _)| *f == from && *a == action.code())
                .map(|(_, _, to)| *to);
            let got = incoming::next_status(from, &action);
            match expected {
                Some(to) => {
                    assert_eq!(got, Ok(to), "{from:?} --{}-->", action.code());
                    allowed += 1;
                }
                None => {
                    let err = got.expect_err("must be refused");
                    assert_eq!(err.code(), "invalid_transition");
                    assert!(err.to_string().contains(from.label_vi()), "{err}");
                }
            }
        }
    }
    assert_eq!(allowed, INCOMING_ALLOWED.len());
}

#[test]
fn closed_documents_refuse_everything() {
    for from in [S::Done, S::Filed] {
        assert!(from.is_closed());
        for action in incoming_actions() {
            assert!(incoming::next_status(from, &action).is_err());
        }
    }
}

#[test]
fn reasons_and_people_are_required() {
    let e = incoming::next_status(
        S::Assigned,
        &IncomingAction::ExtendDeadline {
            deadline: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            reason: " ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "missing_field");
    assert!(e.to_string().contains("lý do"));
    let e = incoming::next_status(
        S::Submitted,
        &IncomingAction::Assign {
            assignee: "".into(),
            instructions: None,
            deadline: None,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("người xử lý"));
}

const OUTGOING_ALLOWED: &[(OS, OA, OS)] = &[
    (OS::Draft, OA::Submit, OS::Submitted),
    (OS::Returned, OA::Submit, OS::Submitted),
    (OS::Submitted, OA::Approve, OS::Approved),
    (OS::Submitted, OA::Return, OS::Returned),
    (OS::Approved, OA::Sign, OS::Signed),
    (OS::Signed, OA::Issue, OS::Issued),
    (OS::Issued, OA::Send, OS::Sent),
];

#[test]
fn outgoing_transition_table_is_exact() {
    let actions = [
        OA::Submit,
        OA::Approve,
        OA::Return,
        OA::Sign,
        OA::Issue,
        OA::Send,
    ];
    for from in OS::ALL {
        for action in actions {
            let expected = OUTGOING_ALLOWED
                .iter()
                .find(|(f, a, _)| *f == from && *a == action)
                .map(|x| x.2);
            match expected {
                Some(to) => assert_eq!(outgoing::next_status(from, action), Ok(to)),
                None => assert_eq!(
                    outgoing::next_status(from, action).unwrap_err().code(),
                    "invalid_transition"
                ),
            }
        }
    }
}
