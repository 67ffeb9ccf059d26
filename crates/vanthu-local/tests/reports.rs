//! Periodic reports over a hand-built register: figures equal hand-computed values, the
//! narrative states them, drafts follow the data until submitted, versions are kept, the
//! province's review comes back, and every write goes to the outbox.

mod common;

use common::vn;
use vanthu_local::incoming::{
    IncomingInput, TransitionInput, register_incoming, transition_incoming,
};
use vanthu_local::report::{
    self, NewReport, ReportDetails, ReportReview, ReportStatus, SectionEdit,
};
use vanthu_local::unit::{UnitInput, setup_unit};
use vanthu_local::{Context, FixedClock, LocalError, Store};

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    clock: FixedClock,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut w = World {
            _dir: dir,
            store,
            clock: FixedClock::new(vn(2026, 1, 5, 9, 0, 0)),
        };
        w.write(|tx, ctx, _| {
            setup_unit(
                tx,
                ctx,
                &UnitInput {
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
                },
            )
        })
        .unwrap();
        w
    }

    fn at(&self, y: i32, m: u32, d: u32) {
        self.clock.set(vn(y, m, d, 9, 0, 0));
    }

    fn write<T>(
        &mut self,
        f: impl FnOnce(
            &rusqlite::Transaction<'_>,
            &Context<'_>,
            &std::path::Path,
        ) -> vanthu_local::Result<T>,
    ) -> vanthu_local::Result<T> {
        let ctx = Context {
            actor: "Văn thư",
            clock: &self.clock,
        };
        let dir = self.store.data_dir().to_path_buf();
        self.store.write(|tx| f(tx, &ctx, &dir))
    }

    /// Registers a document on `arrival`, assigns it with `deadline`, and completes it on
    /// `done` (if any). Returns its reference.
    fn doc(
        &mut self,
        kind: &str,
        urgency: &str,
        arrival: (i32, u32, u32),
        deadline: &str,
        done: Option<(i32, u32, u32)>,
    ) -> String {
        self.at(arrival.0, arrival.1, arrival.2);
        let n = common::count(&self.store, "incoming_documents") + 1;
        let r = self
            .write(|tx, ctx, dir| {
                register_incoming(
                    tx,
                    ctx,
                    dir,
                    &IncomingInput {
                        issuer: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
                        symbol: format!("{n}/UBND-VP"),
                        doc_date: format!("{}-{:02}-{:02}", arrival.0, arrival.1, arrival.2),
                        doc_type: kind.into(),
                        summary: format!("Văn bản thử số {n}"),
                        urgency: Some(urgency.into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap()
            .document
            .arrival_ref();
        self.step(&r, "assign", Some(deadline));
        if let Some(d) = done {
            self.at(d.0, d.1, d.2);
            self.step(&r, "done", None);
        }
        r
    }

    fn step(&mut self, r: &str, action: &str, deadline: Option<&str>) {
        self.write(|tx, ctx, _| {
            transition_incoming(
                tx,
                ctx,
                r,
                &TransitionInput {
                    action: action.into(),
                    assignee: Some("Trần Thị Lan".into()),
                    deadline: deadline.map(str::to_string),
                    result: Some("Đã xử lý".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    }

    /// Quarter II: 2 on time, 1 late (66,7 %). Quarter III: 6 documents arrived (4 công văn,
    /// 1 kế hoạch, 1 thông báo; 1 khẩn, 1 hỏa tốc); 2 on time, 1 late, 1 overdue open (50 %);
    /// one not yet due, one filed.
    fn hand_built(&mut self) {
        self.doc(
            "Công văn",
            "",
            (2026, 4, 6),
            "2026-04-20",
            Some((2026, 4, 15)),
        );
        self.doc(
            "Công văn",
            "",
            (2026, 4, 7),
            "2026-04-21",
            Some((2026, 4, 21)),
        );
        self.doc(
            "Kế hoạch",
            "",
            (2026, 5, 4),
            "2026-05-15",
            Some((2026, 5, 20)),
        );
        self.doc(
            "Công văn",
            "",
            (2026, 7, 1),
            "2026-07-15",
            Some((2026, 7, 10)),
        );
        self.doc(
            "Kế hoạch",
            "Khẩn",
            (2026, 7, 2),
            "2026-07-10",
            Some((2026, 7, 9)),
        );
        self.doc(
            "Công văn",
            "Hỏa tốc",
            (2026, 8, 3),
            "2026-08-05",
            Some((2026, 8, 12)),
        );
        self.doc("Thông báo", "", (2026, 8, 10), "2026-09-10", None);
        self.doc("Công văn", "", (2026, 9, 21), "2026-10-05", None);
        self.at(2026, 9, 25);
        let n = common::count(&self.store, "incoming_documents") + 1;
        let filed = self
            .write(|tx, ctx, dir| {
                register_incoming(
                    tx,
                    ctx,
                    dir,
                    &IncomingInput {
                        issuer: "Sở Nội vụ tỉnh Thái Nguyên".into(),
                        symbol: format!("{n}/SNV-VP"),
                        doc_date: "2026-09-24".into(),
                        doc_type: "Công văn".into(),
                        summary: "Để biết".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap()
            .document
            .arrival_ref();
        self.write(|tx, ctx, _| {
            transition_incoming(
                tx,
                ctx,
                &filed,
                &TransitionInput {
                    action: "file".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    }
}

fn new_q3(w: &mut World) -> report::Report {
    w.write(|tx, ctx, _| {
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

#[test]
fn figures_match_hand_computed_values_and_narrative_states_them() {
    let mut w = World::new();
    w.hand_built();
    w.at(2026, 10, 2);
    let r = new_q3(&mut w);
    let f = &r.figures;
    assert_eq!(r.template_id, "bc-quy");
    assert_eq!(f.as_of.to_string(), "2026-09-30");
    assert_eq!(f.incoming.total, 6);
    let by_type: Vec<(&str, u32)> = f
        .incoming
        .by_type
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        by_type,
        [("Công văn", 4), ("Kế hoạch", 1), ("Thông báo", 1)]
    );
    let by_urgency: Vec<u32> = f.incoming.by_urgency.iter().map(|c| c.count).collect();
    assert_eq!(by_urgency, [4, 1, 0, 1]);
    assert_eq!(f.incoming.urgent, 2);
    let p = &f.processing;
    assert_eq!((p.on_time, p.late, p.overdue_open, p.counted), (2, 1, 1, 4));
    assert_eq!(p.rate, Some(0.5));
    assert!(!p.met_target);
    assert_eq!(p.previous_label.as_deref(), Some("quý II"));
    assert!((p.previous_rate.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!((p.change_points.unwrap() - (50.0 - 200.0 / 3.0)).abs() < 1e-9);
    // Overdue as of 30/09: only the thông báo due 10/09 (14 working days: 11/09 … 30/09,
    // 2/9 being before the span).
    assert_eq!(f.overdue_total, 1);
    assert_eq!(f.overdue[0].deadline.to_string(), "2026-09-10");
    assert_eq!(f.overdue[0].working_days_late, 14);
    assert_eq!(f.tasks, None);
    assert_eq!(f.indicators, None);

    let text = |key: &str| {
        r.sections
            .iter()
            .find(|s| s.key == key)
            .unwrap()
            .text
            .clone()
    };
    assert_eq!(
        text("ket_qua"),
        "Trong quý III năm 2026, đơn vị đã tiếp nhận 6 văn bản đến; trong số 4 văn bản, công việc đến hạn xử lý, đã hoàn thành đúng hạn 2, tỷ lệ xử lý đúng hạn đạt 50 %, chưa đạt mục tiêu 95 %, giảm 16,7 điểm phần trăm so với quý II."
    );
    assert!(
        text("van_ban_den")
            .contains("đăng ký 6 văn bản đến, gồm: 4 công văn, 1 kế hoạch và 1 thông báo."),
        "{}",
        text("van_ban_den")
    );
    assert!(
        text("van_ban_den").contains("2 văn bản có độ khẩn (1 văn bản khẩn và 1 văn bản hỏa tốc)")
    );
    assert!(
        text("tien_do")
            .contains("2 hoàn thành đúng hạn, 1 hoàn thành trễ hạn và 1 quá hạn chưa hoàn thành")
    );
    assert!(text("qua_han").contains("Đến ngày 30/09/2026, còn 1 văn bản, công việc quá hạn"));
    assert!(text("ton_tai").contains("đạt 50 %, chưa đạt mục tiêu 95 %"));
    assert!(text("phuong_huong").contains("quý IV năm 2026"));
    assert_eq!(text("kho_khan"), "");
    assert_eq!(r.due_date.unwrap().to_string(), "2026-10-05");
    assert_eq!(
        r.summary,
        "Kết quả công tác văn thư và chuyển đổi số quý III năm 2026"
    );
    let views = r.section_views();
    let ph = views.iter().find(|v| v.key == "phuong_huong").unwrap();
    assert_eq!(
        (ph.number.as_str(), ph.heading.as_str()),
        ("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2026")
    );
    assert_eq!(
        r.signature.authority.as_deref(),
        Some("TM. ỦY BAN NHÂN DÂN")
    );
    assert_eq!(
        r.recipients.lines[0],
        "Ủy ban nhân dân tỉnh Thái Nguyên (để báo cáo);"
    );
}

#[test]
fn draft_follows_the_data_edits_survive_and_submission_freezes() {
    let mut w = World::new();
    w.hand_built();
    w.at(2026, 9, 15);
    let r = new_q3(&mut w);
    // Mid-quarter: judged as of 15/09.
    assert_eq!(r.figures.as_of.to_string(), "2026-09-15");
    assert_eq!(r.figures.incoming.total, 4);
    // The user rewrites one section; another is left as drafted.
    let edited = w
        .write(|tx, ctx, _| {
            report::edit_section(
                tx,
                ctx,
                &r.id,
                &SectionEdit {
                    key: "van_ban_den".into(),
                    text: "Đơn vị đã tiếp nhận đầy đủ văn bản đến.".into(),
                    autosave: false,
                    base_revision: Some(r.revision),
                },
            )
        })
        .unwrap();
    assert_eq!(edited.revision, 2);
    // A stale editor is refused rather than overwriting.
    let stale = w.write(|tx, ctx, _| {
        report::edit_section(
            tx,
            ctx,
            &r.id,
            &SectionEdit {
                key: "kho_khan".into(),
                text: "x".into(),
                autosave: false,
                base_revision: Some(1),
            },
        )
    });
    assert!(matches!(
        stale,
        Err(LocalError::EditConflict { current: 2 })
    ));
    // Later, more data: the draft recomputes; the untouched section follows, the edited stays.
    w.at(2026, 10, 1);
    let refreshed = w
        .write(|tx, ctx, _| report::refresh_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!(refreshed.figures.incoming.total, 6);
    let sec =
        |rep: &report::Report, k: &str| rep.sections.iter().find(|s| s.key == k).unwrap().clone();
    assert_eq!(
        sec(&refreshed, "van_ban_den").text,
        "Đơn vị đã tiếp nhận đầy đủ văn bản đến."
    );
    assert!(
        sec(&refreshed, "van_ban_den")
            .auto_text
            .contains("6 văn bản đến")
    );
    assert!(
        sec(&refreshed, "ket_qua")
            .text
            .contains("tiếp nhận 6 văn bản đến")
    );
    // Refreshing again with nothing new writes nothing.
    let outbox_before = common::count(&w.store, "outbox");
    let again = w
        .write(|tx, ctx, _| report::refresh_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!(again.revision, refreshed.revision);
    assert_eq!(common::count(&w.store, "outbox"), outbox_before);

    w.at(2026, 10, 3);
    let sub = w
        .write(|tx, ctx, _| report::submit_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!((sub.attempt, sub.on_time), (1, Some(true)));
    assert_eq!(sub.snapshot.status, ReportStatus::Submitted);
    // Data changes after submission do not move the frozen figures.
    w.doc("Công văn", "", (2026, 9, 30), "2026-10-20", None);
    w.at(2026, 10, 4);
    let frozen = w
        .write(|tx, ctx, _| report::refresh_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!(frozen.figures.incoming.total, 6);
    assert_eq!(frozen.status, ReportStatus::Submitted);
    let refused = w.write(|tx, ctx, _| {
        report::edit_section(
            tx,
            ctx,
            &r.id,
            &SectionEdit {
                key: "de_xuat".into(),
                text: "Không".into(),
                ..Default::default()
            },
        )
    });
    assert_eq!(refused.unwrap_err().code(), "invalid_transition");
}

#[test]
fn autosaves_coalesce_and_explicit_saves_keep_versions() {
    let mut w = World::new();
    w.at(2026, 10, 2);
    let r = new_q3(&mut w);
    let save = |w: &mut World, text: &str, autosave: bool| {
        w.write(|tx, ctx, _| {
            report::edit_section(
                tx,
                ctx,
                &r.id,
                &SectionEdit {
                    key: "kho_khan".into(),
                    text: text.into(),
                    autosave,
                    base_revision: None,
                },
            )
        })
        .unwrap()
    };
    save(&mut w, "Đường", true);
    w.clock.set(w.clock_now() + 30_000);
    save(&mut w, "Đường truyền", true);
    w.clock.set(w.clock_now() + 30_000);
    let last = save(&mut w, "Đường truyền internet chập chờn.", true);
    // create + one coalesced autosave.
    let versions = w
        .write(|tx, _, _| report::report_versions(tx, &r.id))
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[1].text.as_deref(),
        Some("Đường truyền internet chập chờn.")
    );
    assert_eq!(last.revision, 2);
    // An explicit save always makes a new version, and so does an autosave after it.
    save(
        &mut w,
        "Đường truyền internet chập chờn, thiết bị cũ.",
        false,
    );
    save(&mut w, "Đường truyền internet chập chờn, thiết bị cũ", true);
    let versions = w
        .write(|tx, _, _| report::report_versions(tx, &r.id))
        .unwrap();
    let actions: Vec<&str> = versions.iter().map(|v| v.action.as_str()).collect();
    assert_eq!(actions, ["create", "autosave", "edit", "autosave"]);
    // Every version reached the outbox.
    let synced: i64 = w
        .store
        .conn()
        .query_row(
            "SELECT count(DISTINCT entity_id) FROM outbox WHERE entity = 'report_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(synced, 4);
}

impl World {
    fn clock_now(&self) -> i64 {
        use vanthu_local::Clock;
        self.clock.now_ms()
    }
}

#[test]
fn review_comes_back_returned_then_accepted() {
    let mut w = World::new();
    w.hand_built();
    w.at(2026, 10, 8);
    let r = new_q3(&mut w);
    let sub = w
        .write(|tx, ctx, _| report::submit_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!(sub.on_time, Some(false), "due 05/10, submitted 08/10");
    let returned = ReportReview {
        id: "rv-1".into(),
        report_id: r.id.clone(),
        submission_id: sub.id.clone(),
        decision: "returned".into(),
        comments: Some("Bổ sung mục khó khăn, vướng mắc.".into()),
        reviewer: Some("Sở Nội vụ".into()),
        reviewed_at: vn(2026, 10, 9, 10, 0, 0),
    };
    let outbox_before = common::count(&w.store, "outbox");
    assert!(
        w.write(|tx, _, _| report::apply_report_review(tx, 1, &returned))
            .unwrap()
    );
    // A replay changes nothing; reviews never go to the outbox.
    assert!(
        !w.write(|tx, _, _| report::apply_report_review(tx, 2, &returned))
            .unwrap()
    );
    assert_eq!(common::count(&w.store, "outbox"), outbox_before);
    let got = report::get_report(w.store.conn(), &r.id).unwrap();
    assert_eq!(got.status, ReportStatus::Returned);
    assert_eq!(
        got.review.unwrap().comments.as_deref(),
        Some("Bổ sung mục khó khăn, vướng mắc.")
    );
    // Editing reopens it as a draft; it is submitted again and accepted.
    w.at(2026, 10, 10);
    let reopened = w
        .write(|tx, ctx, _| {
            report::edit_section(
                tx,
                ctx,
                &r.id,
                &SectionEdit {
                    key: "kho_khan".into(),
                    text: "Thiết bị máy tính đã cũ.".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(reopened.status, ReportStatus::Draft);
    let sub2 = w
        .write(|tx, ctx, _| report::submit_report(tx, ctx, &r.id))
        .unwrap();
    assert_eq!(sub2.attempt, 2);
    w.write(|tx, _, _| {
        report::apply_report_review(
            tx,
            3,
            &ReportReview {
                id: "rv-2".into(),
                submission_id: sub2.id.clone(),
                decision: "accepted".into(),
                comments: None,
                ..returned.clone()
            },
        )
    })
    .unwrap();
    let list = report::list_reports(w.store.conn(), &Default::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, ReportStatus::Accepted);
    assert_eq!(report::submissions(w.store.conn(), &r.id).unwrap().len(), 2);
    // A return without comments is refused.
    let bad = w.write(|tx, _, _| {
        report::apply_report_review(
            tx,
            4,
            &ReportReview {
                id: "rv-3".into(),
                comments: None,
                ..returned.clone()
            },
        )
    });
    assert_eq!(bad.unwrap_err().code(), "missing_field");
}

#[test]
fn outbox_carries_unit_owned_report_records() {
    let mut w = World::new();
    w.at(2026, 10, 2);
    let r = new_q3(&mut w);
    w.write(|tx, ctx, _| report::submit_report(tx, ctx, &r.id))
        .unwrap();
    let rows: Vec<(String, String, String)> = w
        .store
        .conn()
        .prepare("SELECT entity, op, payload FROM outbox WHERE entity LIKE 'report%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let entities: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        entities,
        [
            "report_version",
            "report",
            "report_version",
            "report",
            "report_submission"
        ]
    );
    let sub: serde_json::Value = serde_json::from_str(&rows[4].2).unwrap();
    assert_eq!(rows[4].1, "append");
    assert_eq!(sub["period"], "2026-Q3");
    assert_eq!(sub["template_id"], "bc-quy");
    assert!(sub["unit_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(sub["due_date"], "2026-10-05");
    assert_eq!(sub["on_time"], true);
    assert_eq!(sub["snapshot"]["figures"]["period"], "2026-Q3");
    let rep: serde_json::Value = serde_json::from_str(&rows[3].2).unwrap();
    assert_eq!(rep["status"], "submitted");
}

#[test]
fn one_report_per_template_and_period_and_template_must_fit() {
    let mut w = World::new();
    w.at(2026, 10, 2);
    let r = new_q3(&mut w);
    let again = w.write(|tx, ctx, _| {
        report::create_report(
            tx,
            ctx,
            &NewReport {
                period: "2026-Q3".into(),
                ..Default::default()
            },
        )
    });
    assert!(matches!(again, Err(LocalError::ReportExists { existing }) if existing == r.id));
    let wrong = w.write(|tx, ctx, _| {
        report::create_report(
            tx,
            ctx,
            &NewReport {
                period: "2026-06".into(),
                template: Some("bc-quy".into()),
                ..Default::default()
            },
        )
    });
    assert_eq!(wrong.unwrap_err().code(), "invalid_field");
    // Default templates per period shape; a deputy can be chosen as signer.
    let month = w
        .write(|tx, ctx, _| {
            report::create_report(
                tx,
                ctx,
                &NewReport {
                    period: "2026-09".into(),
                    signer: Some("Lê Thị Hoa".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(month.template_id, "bc-thang");
    assert_eq!(month.signature.deputy.as_deref(), Some("KT. CHỦ TỊCH"));
    let details = w
        .write(|tx, ctx, _| {
            report::edit_report_details(
                tx,
                ctx,
                &month.id,
                &ReportDetails {
                    summary: Some("Tình hình xử lý văn bản tháng 9".into()),
                    recipients: Some(vec!["Văn phòng UBND tỉnh;".into()]),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(details.recipients.lines, ["Văn phòng UBND tỉnh;"]);
    assert!(
        details.sections[0]
            .text
            .contains("tình hình xử lý văn bản tháng 9"),
        "the opening follows the new trích yếu: {}",
        details.sections[0].text
    );
    assert_eq!(
        report::resolve_report_ref(w.store.conn(), "2026-Q3").unwrap(),
        r.id
    );
}

#[test]
fn tasks_and_indicators_blocks_appear_when_the_data_exists() {
    use vanthu_local::plan::{indicators, tasks};
    let mut w = World::new();
    w.at(2026, 7, 1);
    w.write(|tx, ctx, _| {
        let a = tasks::create_task(
            tx,
            ctx,
            &tasks::TaskInput {
                title: Some("Số hóa hồ sơ lưu trữ năm 2025".into()),
                lead_unit: Some("Văn phòng".into()),
                deadline: Some("2026-08-31".into()),
                ..Default::default()
            },
        )?;
        tasks::create_task(
            tx,
            ctx,
            &tasks::TaskInput {
                title: Some("Tập huấn ký số cho lãnh đạo".into()),
                deadline: Some("2026-12-15".into()),
                ..Default::default()
            },
        )?;
        tasks::report_progress(tx, ctx, &a.id, 40, Some("Đã số hóa 40 %"))?;
        let i = indicators::add_indicator(
            tx,
            ctx,
            &indicators::IndicatorInput {
                name: "Tỷ lệ văn bản đi được ký số".into(),
                unit: Some("%".into()),
                target: "≥ 90 %".into(),
                ..Default::default()
            },
        )?;
        indicators::record_actual(tx, ctx, &i.id, "2026-Q3", "92", None)
    })
    .unwrap();
    w.at(2026, 10, 2);
    let r = new_q3(&mut w);
    let t = r.figures.tasks.as_ref().expect("tasks block");
    assert_eq!(
        (t.total, t.done, t.in_progress, t.not_started, t.overdue),
        (2, 0, 1, 1, 1)
    );
    assert_eq!(t.average_progress, 20);
    let ind = r.figures.indicators.as_ref().expect("indicators block");
    assert_eq!(ind[0].actual.as_deref(), Some("92"));
    assert_eq!(ind[0].achieved, Some(true));
    let text = |key: &str| {
        r.sections
            .iter()
            .find(|s| s.key == key)
            .unwrap()
            .text
            .clone()
    };
    assert!(
        text("nhiem_vu").contains("theo dõi 2 nhiệm vụ"),
        "{}",
        text("nhiem_vu")
    );
    assert!(
        text("chi_tieu").contains("1 chỉ tiêu đạt"),
        "{}",
        text("chi_tieu")
    );
    // The overdue task is in the overdue list.
    assert!(
        r.figures
            .overdue
            .iter()
            .any(|o| o.title == "Số hóa hồ sơ lưu trữ năm 2025")
    );
}

/// Reports go through the same role checks as documents: a viewer cannot draft, a staff member
/// may draft but not send to the province, and a viewer opening a draft writes nothing.
#[test]
fn report_writes_follow_the_roles() {
    use vanthu_local::accounts::{AccountInput, create_account};
    let mut w = World::new();
    let draft = new_q3(&mut w);
    // A new Q3 document (before accounts exist) changes the draft's figures, so a refresh by
    // someone who may draft would write a new version.
    w.doc("Công văn", "", (2026, 9, 15), "2026-10-20", None);
    w.write(|tx, ctx, _| {
        for (username, role) in [("vt", "clerk"), ("xem", "viewer"), ("cb", "staff")] {
            let c = Context {
                actor: "vt",
                ..*ctx
            };
            create_account(
                tx,
                &c,
                &AccountInput {
                    username: username.into(),
                    full_name: format!("Người {username}"),
                    role: role.into(),
                    password: "mat-khau-dai".into(),
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    let as_user =
        |w: &mut World,
         actor: &str,
         f: &dyn Fn(&rusqlite::Transaction<'_>, &Context<'_>) -> vanthu_local::Result<()>| {
            let ctx = Context {
                actor,
                clock: &w.clock,
            };
            w.store.write(|tx| f(tx, &ctx))
        };
    let q4 = NewReport {
        period: "2026-Q4".into(),
        ..Default::default()
    };
    let e = as_user(&mut w, "xem", &|tx, ctx| {
        report::create_report(tx, ctx, &q4).map(|_| ())
    })
    .unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
    let versions_before = report::report_versions(w.store.conn(), &draft.id)
        .unwrap()
        .len();
    as_user(&mut w, "xem", &|tx, ctx| {
        report::refresh_report(tx, ctx, &draft.id).map(|_| ())
    })
    .unwrap();
    assert_eq!(
        report::report_versions(w.store.conn(), &draft.id)
            .unwrap()
            .len(),
        versions_before
    );
    // The same refresh by the clerk does write the new figures.
    as_user(&mut w, "vt", &|tx, ctx| {
        report::refresh_report(tx, ctx, &draft.id).map(|_| ())
    })
    .unwrap();
    assert!(
        report::report_versions(w.store.conn(), &draft.id)
            .unwrap()
            .len()
            > versions_before
    );
    as_user(&mut w, "cb", &|tx, ctx| {
        report::create_report(tx, ctx, &q4).map(|_| ())
    })
    .unwrap();
    let e = as_user(&mut w, "cb", &|tx, ctx| {
        report::submit_report(tx, ctx, &draft.id).map(|_| ())
    })
    .unwrap_err();
    assert_eq!(e.code(), "forbidden", "{e}");
    as_user(&mut w, "vt", &|tx, ctx| {
        report::submit_report(tx, ctx, &draft.id).map(|_| ())
    })
    .unwrap();
}
