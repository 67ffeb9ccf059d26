//! Working-day calendar: Vietnamese lunar calendar, public holidays, working days, deadlines.
