//! A store with a hand-built quarter of documents, and the poppler tools the tests read PDFs
//! with (installed by scripts/setup.sh; a missing tool fails the test, it is never skipped).
#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::Path;
use std::process::Command;
use vanthu_local::incoming::{
    IncomingInput, TransitionInput, register_incoming, transition_incoming,
};
use vanthu_local::outgoing::{OutgoingInput, StepInput, create_outgoing, step_outgoing};
use vanthu_local::report::{self, NewReport, Report};
use vanthu_local::unit::{UnitInput, setup_unit};
use vanthu_local::{Context, FixedClock, Store};

pub fn vn(y: i32, m: u32, d: u32) -> i64 {
    vanthu_core::time::vietnam_midnight_ms(NaiveDate::from_ymd_opt(y, m, d).unwrap())
        + 9 * 3600 * 1000
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: FixedClock,
}

impl World {
    /// A unit in state (`"state"`) or Party (`"party"`) style.
    pub fn new(style: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut w = World {
            dir,
            store,
            clock: FixedClock::new(vn(2026, 1, 5)),
        };
        let unit = if style == "party" {
            UnitInput {
                name: "Đảng ủy xã Tân Cương".into(),
                superior: "Đảng bộ tỉnh Thái Nguyên".into(),
                abbreviation: "ĐU".into(),
                place_name: "Tân Cương".into(),
                numbering_style: "party".into(),
                commune_code: None,
                leaders: vec!["Hà Văn Nam|Bí thư".into()],
            }
        } else {
            UnitInput {
                name: "Ủy ban nhân dân xã Tân Cương".into(),
                superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
                abbreviation: "UBND".into(),
                place_name: "Tân Cương".into(),
                numbering_style: "state".into(),
                commune_code: None,
                leaders: vec![
                    "Nguyễn Văn Thắng|Chủ tịch".into(),
                    "Lê Thị Hoa|Phó Chủ tịch".into(),
                ],
            }
        };
        w.write(|tx, ctx, _| setup_unit(tx, ctx, &unit)).unwrap();
        w
    }

    pub fn at(&self, y: i32, m: u32, d: u32) {
        self.clock.set(vn(y, m, d));
    }

    pub fn today(&self) -> NaiveDate {
        use vanthu_local::Clock;
        self.clock.today()
    }

    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>, &Context<'_>, &Path) -> vanthu_local::Result<T>,
    ) -> vanthu_local::Result<T> {
        let ctx = Context {
            actor: "Văn thư",
            clock: &self.clock,
        };
        let dir = self.store.data_dir().to_path_buf();
        self.store.write(|tx| f(tx, &ctx, &dir))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn doc(
        &mut self,
        issuer: &str,
        kind: &str,
        summary: &str,
        urgency: &str,
        arrival: (i32, u32, u32),
        deadline: &str,
        done: Option<(i32, u32, u32)>,
    ) {
        self.at(arrival.0, arrival.1, arrival.2);
        let n = self
            .store
            .conn()
            .query_row("SELECT count(*) + 1 FROM incoming_documents", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
        let r = self
            .write(|tx, ctx, dir| {
                register_incoming(
                    tx,
                    ctx,
                    dir,
                    &IncomingInput {
                        issuer: issuer.into(),
                        symbol: format!("{}/UBND-VP", 100 + n),
                        doc_date: format!("{}-{:02}-{:02}", arrival.0, arrival.1, arrival.2),
                        doc_type: kind.into(),
                        summary: summary.into(),
                        urgency: Some(urgency.into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap()
            .document
            .arrival_ref();
        let step = |w: &mut World, action: &str| {
            w.write(|tx, ctx, _| {
                transition_incoming(
                    tx,
                    ctx,
                    &r,
                    &TransitionInput {
                        action: action.into(),
                        assignee: Some("Trần Thị Lan".into()),
                        deadline: Some(deadline.into()),
                        result: Some("Đã xử lý".into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        };
        step(self, "assign");
        if let Some(d) = done {
            self.at(d.0, d.1, d.2);
            step(self, "done");
        }
    }

    /// An issued and sent outgoing document.
    pub fn outgoing(&mut self, kind: &str, summary: &str, day: (i32, u32, u32)) {
        self.at(day.0, day.1, day.2);
        self.write(|tx, ctx, _| {
            let d = create_outgoing(
                tx,
                ctx,
                &OutgoingInput {
                    doc_type: kind.into(),
                    summary: summary.into(),
                    signer: Some("Nguyễn Văn Thắng".into()),
                    ..Default::default()
                },
            )?;
            for action in ["submit", "approve", "sign", "issue"] {
                step_outgoing(
                    tx,
                    ctx,
                    &d.id,
                    &StepInput {
                        action: action.into(),
                        ..Default::default()
                    },
                )?;
            }
            step_outgoing(
                tx,
                ctx,
                &d.id,
                &StepInput {
                    action: "send".into(),
                    recipients: vec!["Ủy ban nhân dân tỉnh Thái Nguyên".into()],
                    ..Default::default()
                },
            )
        })
        .unwrap();
    }

    /// A quarter of realistic work: Q2 2 on time + 1 late; Q3 six incoming documents (2 on
    /// time, 1 late, 1 overdue, 1 not yet due, 1 khẩn, 1 hỏa tốc, 1 giấy mời on time) and three
    /// outgoing.
    pub fn quarter(&mut self) {
        let tinh = "Ủy ban nhân dân tỉnh Thái Nguyên";
        self.doc(
            tinh,
            "Công văn",
            "Triển khai sổ văn bản điện tử",
            "",
            (2026, 4, 6),
            "2026-04-20",
            Some((2026, 4, 15)),
        );
        self.doc(
            tinh,
            "Kế hoạch",
            "Cải cách hành chính năm 2026",
            "",
            (2026, 4, 7),
            "2026-04-21",
            Some((2026, 4, 21)),
        );
        self.doc(
            "Sở Nội vụ tỉnh Thái Nguyên",
            "Công văn",
            "Rà soát biên chế",
            "",
            (2026, 5, 4),
            "2026-05-15",
            Some((2026, 5, 20)),
        );
        self.doc(
            tinh,
            "Công văn",
            "Đôn đốc xử lý hồ sơ trực tuyến",
            "",
            (2026, 7, 1),
            "2026-07-15",
            Some((2026, 7, 10)),
        );
        self.doc(
            tinh,
            "Kế hoạch",
            "Phòng, chống thiên tai mùa mưa bão",
            "Khẩn",
            (2026, 7, 2),
            "2026-07-10",
            Some((2026, 7, 9)),
        );
        self.doc(
            "Sở Thông tin và Truyền thông",
            "Công văn",
            "Bảo đảm an toàn thông tin dịp Quốc khánh 2/9",
            "Hỏa tốc",
            (2026, 8, 3),
            "2026-08-05",
            Some((2026, 8, 12)),
        );
        self.doc(
            "Sở Tư pháp tỉnh Thái Nguyên",
            "Thông báo",
            "Kết quả kiểm tra công tác hộ tịch",
            "",
            (2026, 8, 10),
            "2026-09-10",
            None,
        );
        self.doc(
            tinh,
            "Công văn",
            "Tổng hợp nhu cầu chữ ký số",
            "",
            (2026, 9, 21),
            "2026-10-05",
            None,
        );
        self.doc(
            "Huyện đoàn",
            "Giấy mời",
            "Dự hội nghị tổng kết hè",
            "",
            (2026, 9, 22),
            "2026-09-25",
            Some((2026, 9, 24)),
        );
        self.outgoing("Báo cáo", "Kết quả rà soát hộ nghèo", (2026, 7, 20));
        self.outgoing("Công văn", "Đề nghị hỗ trợ thiết bị", (2026, 8, 14));
        self.outgoing(
            "Kế hoạch",
            "Tổ chức Tết Trung thu cho thiếu nhi",
            (2026, 9, 1),
        );
    }

    pub fn q3_report(&mut self) -> Report {
        self.at(2026, 10, 2);
        self.write(|tx, ctx, _| {
            report::create_report(
                tx,
                ctx,
                &NewReport {
                    period: "2026-Q3".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap()
    }
}

/// Runs a poppler tool; a missing tool is a failure with a hint.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} is needed (Debian package poppler-utils, installed by scripts/setup.sh): {e}"
        )
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text in reading order (`pdftotext -layout`).
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}
