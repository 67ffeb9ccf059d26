//! Plans handed down by the province: tasks with their time frames ("5 rõ"), indicators with
//! targets. Pure rules only; storage is in `vanthu-local`.

pub mod indicator;
pub mod task;
pub mod timeframe;
