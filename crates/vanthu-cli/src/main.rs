//! `vanthu`: the admin and automation command line. It parses arguments, opens the store, calls
//! one use case of `vanthu-local` and prints the result; no domain logic lives here.
//!
//! Exit codes: 0 ok; 1 refused by a rule (Vietnamese message on stderr); 2 usage error;
//! 3 the machine failed (disk, database).

mod cli;
mod commands;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let json = args.wants_json();
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => output::report_error(&err, json),
    }
}
