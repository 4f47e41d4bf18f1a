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
        "Examples:\n  proviso eval clauses/pmic-series-a --facts clauses/pmic-series-a/scenarios/first-conversion.toml\n",
        "  proviso eval clauses/pmic-series-a --facts facts.toml --market market.csv --as-of 2002-10-31 --format json\n\n",
        "A scenario file (with a [scenario] table) gives the market file and the date; --market and --as-of prevail.\n\n",
        "Exit codes: 0 success; 1 the input is wrong, or a rule could not be evaluated or an event matches nothing (the others \n",
        "are still printed); 2 an internal error."
    ))]
    Eval {
        /// The folder of .proviso files
        clauses: PathBuf,
        /// The facts and event log: TOML, or JSON if the name ends in .json
        #[arg(long)]
        facts: PathBuf,
        /// Market data: CSV with the header date,close,vwap,low,volume (default: the scenario's)
        #[arg(long)]
        market: Option<PathBuf>,
        /// The evaluation date, YYYY-MM-DD; events after it have not happened (default: the
        /// scenario's)
        #[arg(long = "as-of", value_name = "DATE")]
        as_of: Option<String>,
        /// text for people, json for tools (schema: `proviso schema`)
        #[arg(long, value_enum, default_value = "text")]
        format: cli::eval::Format,
        /// Also show a defined term, e.g. --value "Conversion Price" (repeatable)
        #[arg(long = "value", value_name = "TERM")]
        values: Vec<String>,
        /// The day on which to show a --value that is a term of a day, e.g. --value "Conversion
        /// Price in Effect" --on 2002-11-01 (repeatable)
        #[arg(long = "on", value_name = "DATE")]
        on: Vec<String>,
        /// What stands for a series of the market file: vwap=typical ((high + low + close) / 3)
        /// or close=Close (a column by its header); prevails over the scenario's [market] table
        /// (repeatable)
        #[arg(long = "market-series", value_name = "SERIES=SOURCE")]
        market_series: Vec<String>,
        /// Check the market file against an exchange calendar (NYSE, 2002-2004): a session
        /// with no row is an error, not a day without trading
        #[arg(long, value_name = "NAME")]
        calendar: Option<String>,
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
    /// Run the scenarios of a clause folder (its `scenarios/*.toml`): check each one's
    /// expectations and compare its memo with the snapshot beside it (`<name>.memo.txt`).
    #[command(after_help = concat!(
        "Examples:\n  proviso test clauses/pmic-series-a\n",
        "  proviso test clauses/pmic-series-a --accept floor-price   # the change is right: keep it\n",
        "  proviso test clauses/pmic-series-a --review               # decide on each changed snapshot\n",
        "  proviso test clauses/pmic-series-a --format junit > results.xml\n\n",
        "A missing snapshot is written and reported as new, except for a scenario with problems, and in CI\n(the environment variable CI set, other than to false or 0), where it fails.\n\n",
        "Exit codes: 0 every scenario passed; 1 an expectation failed, a snapshot changed (and was not accepted),\n",
        "or a scenario or the clauses could not be loaded; 2 an internal error."
    ))]
    Test {
        /// The folder of .proviso files, with its scenarios in scenarios/
        clauses: PathBuf,
        /// Write the new memos as snapshots: of every scenario, or of those named
        #[arg(long, value_name = "SCENARIO", num_args = 0..)]
        accept: Option<Vec<String>>,
        /// Show each changed snapshot and ask: accept, reject or skip
        #[arg(long, conflicts_with = "accept")]
        review: bool,
        /// text for people, json for tools, junit for CI systems
        #[arg(long, value_enum, default_value = "text")]
        format: cli::test::Format,
    },
    /// What a clause edit changes: two versions of a clause folder run over the scenarios,
    /// obligations, rights and values compared, with where their derivations part.
    #[command(after_help = concat!(
        "Examples:\n  proviso diff clauses/pmic-series-a --base HEAD        # the working folder against the last commit\n",
        "  proviso diff old/pmic-series-a clauses/pmic-series-a   # two folders\n",
        "  proviso diff clauses/pmic-series-a --base main --format markdown > comment.md\n",
        "  proviso diff clauses/pmic-series-a --market-against tests/market-data/MITK_2002-2004_daily_alphavantage.csv \\\n",
        "      --scenarios clauses/pmic-series-a/scenarios/mitk-kaggle-source.toml   # the same clauses on two market files\n\n",
        "The scenarios are the new folder's scenarios/ (or --scenarios DIR|FILE, repeatable). With\n",
        "--market-against, one clause folder: each scenario is evaluated on its own market file and again on\n",
        "the one given, read with the scenario's [market] table and any --market-series / --calendar given.\n\n",
        "Exit codes: 0 no outcome changed; 1 outcomes changed (or a scenario fails under one version);\n",
        "2 an error (a command line it cannot use, a folder that cannot be read or does not check, a revision\n",
        "git cannot resolve)."
    ))]
    Diff {
        /// The old and the new clause folder; or, with --base, the one working folder
        #[arg(num_args = 1..=2, required = true, value_name = "CLAUSES")]
        folders: Vec<PathBuf>,
        /// Compare the folder with itself at this git revision (read through git, no checkout)
        #[arg(long, value_name = "REVISION")]
        base: Option<String>,
        /// The scenarios to run both sides on: a folder of scenario files, or one (repeatable)
        #[arg(long, value_name = "DIR|FILE")]
        scenarios: Vec<PathBuf>,
        /// Compare market files, not clauses: each scenario on its own market file (old) and on
        /// this one (new), under the one clause folder given
        #[arg(long, value_name = "MARKET", conflicts_with = "base")]
        market_against: Option<PathBuf>,
        /// With --market-against: what stands for a series of that file, vwap=typical or
        /// close=Close; prevails over each scenario's [market] table (repeatable)
        #[arg(
            long = "market-series",
            value_name = "SERIES=SOURCE",
            requires = "market_against"
        )]
        market_series: Vec<String>,
        /// With --market-against: check that file against an exchange calendar (NYSE)
        #[arg(long, value_name = "NAME", requires = "market_against")]
        calendar: Option<String>,
        /// text for people, json for tools, markdown for a pull-request comment
        #[arg(long, value_enum, default_value = "text")]
        format: cli::diff::Format,
    },
    /// Rewrite clause files in the canonical layout; with --check, list those that would change.
    #[command(after_help = concat!(
        "Examples:\n  proviso fmt clauses\n  proviso fmt --check clauses/pmic-series-a/05c-conversion-price.proviso\n\n",
        "Exit codes: 0 every file is formatted (with --check: none would change); 1 with --check, a file\n",
        "would change, or a file does not parse (reported, never rewritten) or cannot be read or written;\n",
        "2 an internal error (no file is rewritten with it)."
    ))]
    Fmt {
        /// Clause files, or folders of them (their .proviso files, recursively)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: list the files that would change, with their first changed lines
        #[arg(long)]
        check: bool,
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
    /// A local web page to try an edit: the scenarios' obligations on a timeline, their
    /// explanations, and what an edit of a clause file changes across every scenario.
    #[command(after_help = concat!(
        "Example:\n  proviso serve clauses/pmic-series-a     # then open http://127.0.0.1:7878/\n\n",
        "Files are written only by the page's Save. Binds 127.0.0.1 (this machine) unless --host says otherwise.\n\n",
        "Exit codes: 1 the folder cannot be read or the address cannot be bound; 2 an internal error."
    ))]
    Serve {
        /// The folder of .proviso files, with its scenarios in scenarios/
        dir: PathBuf,
        /// The port to listen on
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// The address to bind: 127.0.0.1 is this machine only; another address lets anyone on
        /// the network read and change the clause files
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Run the language server on stdin and stdout, for editors: diagnostics, hover, go to
    /// definition, references, symbols, completion, formatting.
    #[command(after_help = "Example (an editor runs it):\n  proviso lsp")]
    Lsp,
    /// Print the JSON Schema of a command's `--format json` output (eval, test or diff).
    #[command(
        after_help = "Examples:\n  proviso schema > output.schema.json\n  proviso schema test\n  proviso schema diff"
    )]
    Schema {
        /// Whose output: eval (proviso.output/2), test (proviso.test/1) or diff (proviso.diff/1)
        #[arg(value_enum, default_value = "eval")]
        of: SchemaOf,
    },
}

/// The commands whose JSON output has a schema.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaOf {
    Eval,
    Test,
    Diff,
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
            return match (e.use_stderr(), argv.get(1).map(String::as_str)) {
                (false, _) => cli::EXIT_OK,
                // For `diff`, 1 means "outcomes changed": a command line it cannot use is an
                // error (2), so a typo in CI is not mistaken for a change.
                (true, Some("diff")) => cli::diff::EXIT_ERROR,
                (true, _) => cli::EXIT_USER,
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
            on,
            market_series,
            calendar,
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
                on,
                explain,
                market_series,
                calendar,
            },
        ),
        Command::Facts { clauses } => cli::facts::run(&cmd, &clauses),
        Command::Diff {
            folders,
            base,
            scenarios,
            market_against,
            market_series,
            calendar,
            format,
        } => cli::diff::run(
            &cmd,
            &cli::diff::Options {
                folders,
                base,
                scenarios,
                market_against,
                market_series,
                calendar,
                format,
            },
        ),
        Command::Test {
            clauses,
            accept,
            review,
            format,
        } => cli::test::run(
            &cmd,
            &cli::test::Options {
                clauses,
                accept,
                review,
                format,
            },
        ),
        Command::Fmt { paths, check } => cli::fmt::run(&cmd, &cli::fmt::Options { paths, check }),
        Command::Coverage { clauses, format } => cli::coverage::run(&cmd, &clauses, format),
        Command::Serve { dir, port, host } => {
            cli::serve::run(&cmd, &cli::serve::Options { dir, host, port })
        }
        Command::Lsp => cli::lsp::run(),
        Command::Schema { of } => {
            let schema = match of {
                SchemaOf::Eval => proviso::render::json::SCHEMA,
                SchemaOf::Test => proviso::render::suite::json::SCHEMA,
                SchemaOf::Diff => proviso::render::diff::json::SCHEMA,
            };
            // A closed pipe means the reader has what it wanted.
            let _ = cli::print(schema);
            cli::EXIT_OK
        }
    }
}
