//! Plans: tasks (giao việc) with progress, the meeting calendar, indicators.

pub mod indicator_import;
pub mod indicators;
pub mod meetings;
pub mod task_import;
pub mod tasks;
