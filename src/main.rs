//! The `proviso` binary: clap parsing and dispatch only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use proviso::cli::{self, CommandLine};

const EXIT_CODES: &str = "Exit codes: 0 success; 1 the input is wrong (clauses, facts, market data or \
arguments), with diagnostics on stderr; 2 an internal error in proviso (please report it).";

#[derive(Parser)]
#[command(
    name = "proviso",
    version,
    about = "Contract clauses as rules: who owes what to whom, by when, and why",
    after_help = EXIT_CODES
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check a folder of clause files; report every error in every file.
    #[command(after_help = concat!(
        "Example:\n  proviso check clauses/pmic-series-a\n\n",
        "Exit codes: 0 no errors; 1 errors (printed on stderr); 2 an internal error."
    ))]
    Check {
        /// The folder of .proviso files, e.g. clauses/pmic-series-a
        clauses: PathBuf,
    },
    /// Evaluate the clauses against facts and market data as of a date: the obligations, with
    /// their status and explanation.
    #[command(after_help = concat!(
        "Example:\n  proviso eval clauses/pmic-series-a --facts clauses/pmic-series-a/scenarios/first-conversion.toml \\\n",
        "      --market clauses/pmic-series-a/scenarios/market.csv --as-of 2002-10-31 --format json\n\n",
        "Exit codes: 0 success; 1 the input is wrong, or a rule could not be evaluated or an event matches nothing (the others \n",
        "are still printed); 2 an internal error."
    ))]
    Eval {
        /// The folder of .proviso files
        clauses: PathBuf,
        /// The facts and event log: TOML, or JSON if the name ends in .json
        #[arg(long)]
        facts: PathBuf,
        /// Market data: CSV with the header date,close,vwap,low,volume
        #[arg(long)]
        market: PathBuf,
        /// The evaluation date, YYYY-MM-DD; events after it have not happened
        #[arg(long = "as-of", value_name = "DATE")]
        as_of: String,
        /// text for people, json for tools (schema: `proviso schema`)
        #[arg(long, value_enum, default_value = "text")]
        format: cli::eval::Format,
        /// Also show a defined term, e.g. --value "Conversion Price" (repeatable)
        #[arg(long = "value", value_name = "TERM")]
        values: Vec<String>,
        /// full: every value with its derivation; off: values only (faster, for sweeps)
        #[arg(long, value_enum, default_value = "full")]
        explain: cli::eval::ExplainArg,
    },
    /// Print the facts and events the clauses read: every field with its type, whether it is
    /// required, and the sections that use it.
    #[command(after_help = "Example:\n  proviso facts clauses/pmic-series-a")]
    Facts {
        /// The folder of .proviso files, e.g. clauses/pmic-series-a
        clauses: PathBuf,
    },
    /// Print every section of the document's text (the folder's `source`) and whether it is
    /// encoded, declared not computable (with the reason), or missing.
    #[command(after_help = concat!(
        "Example:\n  proviso coverage clauses/pmic-series-a --format json\n\n",
        "Exit codes: 0 the report (whatever the coverage); 1 the clauses do not check or declare no source; 2 an internal error."
    ))]
    Coverage {
        /// The folder of .proviso files, with a `source` declaration
        clauses: PathBuf,
        /// text for people, json for tools
        #[arg(long, value_enum, default_value = "text")]
        format: cli::eval::Format,
    },
    /// Print the JSON Schema of `eval --format json` output.
    #[command(after_help = "Example:\n  proviso schema > output.schema.json")]
    Schema,
}

/// Stack for the work thread: formulas are evaluated recursively, and the language limits their
/// depth (64 levels, 500 operands a level), so this bounds the deepest recursion with room.
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(run);
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => ExitCode::from(code),
        _ => {
            eprintln!(
                "proviso: internal error (a bug in proviso; please report it with your inputs)"
            );
            ExitCode::from(cli::EXIT_INTERNAL)
        }
    }
}

fn run() -> u8 {
    let argv: Vec<String> = std::env::args().collect();
    let cmd = CommandLine::new(&argv);
    // A usage error is the user's input being wrong (exit 1), not a bug in proviso (2).
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                cli::EXIT_USER
            } else {
                cli::EXIT_OK
            };
        }
    };
    match args.command {
        Command::Check { clauses } => cli::check::run(&cmd, &clauses),
        Command::Eval {
            clauses,
            facts,
            market,
            as_of,
            format,
            values,
            explain,
        } => cli::eval::run(
            &cmd,
            &cli::eval::Options {
                clauses,
                facts,
                market,
                as_of,
                format,
                values,
                explain,
            },
        ),
        Command::Facts { clauses } => cli::facts::run(&cmd, &clauses),
        Command::Coverage { clauses, format } => cli::coverage::run(&cmd, &clauses, format),
        Command::Schema => {
            // A closed pipe means the reader has what it wanted.
            let _ = cli::print(proviso::render::json::SCHEMA);
            cli::EXIT_OK
        }
    }
}
