//! Working-day calendar: the Vietnamese lunar calendar, public holidays, working days, deadlines.
//!
//! Clerical time limits are counted in working days (NĐ 30), and which days are worked depends on
//! the lunar calendar (Tết, Giỗ Tổ), the Labour Code and each year's official notices. Everything
//! here is pure: callers pass in dates and the year's decisions as data. See `docs/calendar.md`.
//!
//! Typical use: build a [`HolidayCalendar`] for the years the data spans from the unit's
//! [`HolidayOverrides`], wrap it in a [`WorkCalendar`], then ask [`DeadlineRules`] for default
//! deadlines and [`item_state`] for an item's standing.

pub mod deadline;
pub mod holidays;
pub mod lunar;
pub mod overrides;
pub mod period;
pub mod status;
pub mod workdays;

pub use deadline::{Deadline, DeadlineRule, DeadlineRules, DeadlineSource, Extension, UrgencyDays};
pub use holidays::{DayOff, DayOffKind, HolidayCalendar};
pub use lunar::{LunarDate, lunar_to_solar, solar_to_lunar, tet};
pub use overrides::{HolidayOverrides, NationalDayExtra, OverrideEntry, YearOverrides};
pub use period::{Period, PeriodKind};
pub use status::{ItemState, item_state};
pub use workdays::{DayKind, WorkCalendar};
