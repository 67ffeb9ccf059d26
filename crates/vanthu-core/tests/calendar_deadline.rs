//! Deadline rules, effective deadlines and item states.

use chrono::NaiveDate;
use vanthu_core::calendar::{
    Deadline, DeadlineRule, DeadlineRules, DeadlineSource, Extension, HolidayCalendar,
    HolidayOverrides, ItemState, UrgencyDays, WorkCalendar, item_state,
};
use vanthu_core::marks::Urgency;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> WorkCalendar {
    WorkCalendar::new(HolidayCalendar::new(2025..=2027, &HolidayOverrides::none()).unwrap())
}

fn unit_rules() -> DeadlineRules {
    let rule = |category: &str, urgency, working_days| DeadlineRule {
        category: category.into(),
        urgency,
        working_days,
    };
    DeadlineRules {
        defaults: UrgencyDays::default(),
        rules: vec![
            rule("bao_cao", None, Some(5)),
            rule("de_biet", None, None),
            rule("khieu_nai", Some(Urgency::Khan), Some(7)),
        ],
    }
}

#[test]
fn default_time_limits_per_urgency() {
    let rules = DeadlineRules::default();
    let days: Vec<_> = [
        Urgency::Normal,
        Urgency::Khan,
        Urgency::ThuongKhan,
        Urgency::HoaToc,
    ]
    .map(|u| rules.working_days("van_ban_den", u))
    .into();
    assert_eq!(days, vec![Some(10), Some(3), Some(1), Some(0)]);
}

#[test]
fn category_rules_and_urgency_marks() {
    let rules = unit_rules();
    assert_eq!(rules.working_days("bao_cao", Urgency::Normal), Some(5));
    // An urgency mark may only shorten the category's time limit.
    assert_eq!(rules.working_days("bao_cao", Urgency::Khan), Some(3));
    assert_eq!(rules.working_days("bao_cao", Urgency::HoaToc), Some(0));
    assert_eq!(rules.working_days("de_biet", Urgency::Khan), None);
    // An exact (category, urgency) rule is the unit's explicit decision and wins.
    assert_eq!(rules.working_days("khieu_nai", Urgency::Khan), Some(7));
    assert_eq!(rules.working_days("khieu_nai", Urgency::Normal), Some(10));
    assert_eq!(rules.working_days("khac", Urgency::ThuongKhan), Some(1));
}

#[test]
fn default_deadlines_on_the_calendar() {
    let (rules, cal) = (unit_rules(), cal());
    // Received Friday 13/2/2026, before Tết (16–20/2): Khẩn → 3 working days → Wednesday 25/2.
    let got = rules.default_deadline("van_ban_den", Urgency::Khan, d(2026, 2, 13), &cal);
    assert_eq!(got.unwrap(), Some(d(2026, 2, 25)));
    // Hỏa tốc received on a Sunday: the next working day.
    let got = rules.default_deadline("van_ban_den", Urgency::HoaToc, d(2026, 3, 8), &cal);
    assert_eq!(got.unwrap(), Some(d(2026, 3, 9)));
    // Normal: 10 working days from Monday 2/3/2026 → Monday 16/3/2026.
    let got = rules.default_deadline("van_ban_den", Urgency::Normal, d(2026, 3, 2), &cal);
    assert_eq!(got.unwrap(), Some(d(2026, 3, 16)));
    let got = rules.default_deadline("de_biet", Urgency::Normal, d(2026, 3, 2), &cal);
    assert_eq!(got.unwrap(), None);
}

#[test]
fn rules_are_data() {
    let json = r#"{"defaults":{"normal":7,"khan":2,"thuong_khan":1,"hoa_toc":0},
                   "rules":[{"category":"bao_cao","urgency":"khan","working_days":1}]}"#;
    let rules: DeadlineRules = serde_json::from_str(json).unwrap();
    assert_eq!(rules.working_days("x", Urgency::Normal), Some(7));
    assert_eq!(rules.working_days("bao_cao", Urgency::Khan), Some(1));
    let back: DeadlineRules =
        serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
    assert_eq!(back, rules);
    let empty: DeadlineRules = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, DeadlineRules::default());
}

#[test]
fn effective_deadline_is_last_extension_else_explicit_else_default() {
    let mut deadline = Deadline {
        default: Some(d(2026, 3, 16)),
        ..Deadline::default()
    };
    assert_eq!(
        deadline.effective_with_source(),
        Some((d(2026, 3, 16), DeadlineSource::Default))
    );
    deadline.explicit = Some(d(2026, 3, 10));
    assert_eq!(
        deadline.effective_with_source(),
        Some((d(2026, 3, 10), DeadlineSource::Explicit))
    );
    deadline.extensions.push(Extension {
        deadline: d(2026, 3, 20),
        reason: "Chờ số liệu".into(),
    });
    deadline.extensions.push(Extension {
        deadline: d(2026, 3, 18),
        reason: "Rút ngắn".into(),
    });
    assert_eq!(
        deadline.effective_with_source(),
        Some((d(2026, 3, 18), DeadlineSource::Extended))
    );
    assert_eq!(Deadline::default().effective(), None);
}

#[test]
fn item_states() {
    let cal = cal();
    let due = Some(d(2026, 3, 11)); // Wednesday
    let state = |completed, today| item_state(due, completed, today, 2, &cal).unwrap();
    assert_eq!(state(None, d(2026, 3, 6)), ItemState::NotDue); // Fri: Mon, Tue, Wed = 3 left
    assert_eq!(state(None, d(2026, 3, 7)), ItemState::NotDue); // Sat: still 3 left
    assert_eq!(state(None, d(2026, 3, 9)), ItemState::DueSoon); // Mon: 2 left
    assert_eq!(state(None, d(2026, 3, 11)), ItemState::DueSoon); // the deadline day: 0 left
    assert_eq!(state(None, d(2026, 3, 12)), ItemState::Overdue);
    assert_eq!(
        state(Some(d(2026, 3, 11)), d(2026, 3, 20)),
        ItemState::DoneOnTime
    );
    assert_eq!(
        state(Some(d(2026, 3, 12)), d(2026, 3, 20)),
        ItemState::DoneLate
    );
    assert_eq!(
        item_state(None, None, d(2026, 3, 9), 2, &cal).unwrap(),
        ItemState::NoDeadline
    );
    assert_eq!(ItemState::DueSoon.label_vi(), "Sắp đến hạn");
    assert_eq!(
        serde_json::to_string(&ItemState::DoneLate).unwrap(),
        "\"done_late\""
    );
    // With threshold 0 only the deadline day itself is "due soon".
    assert_eq!(
        item_state(due, None, d(2026, 3, 10), 0, &cal).unwrap(),
        ItemState::NotDue
    );
}
