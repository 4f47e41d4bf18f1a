//! The snippet corpus: every `tests/corpus/*.proviso` is snapshotted at each stage it reaches —
//! as an AST, as rendered diagnostics (no colour), and as evaluation results on the example
//! scenario (as of 2002-10-31): values, obligations, rights and findings (a market series a
//! snippet declares is read from the example's close). Snippets are checked together with the Series A declarations
//! (`clauses/pmic-series-a/00-document.proviso`), so they can use `deal`, `holder` and the
//! events, and with the holiday lists of `tests/corpus/*.csv` beside them (`business days
//! are weekdays except the holidays in "ny-2002.csv"`). Review changes with `cargo insta review`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::fmt::Write as _;
use std::sync::Arc;

use common::*;
use proviso::source::{FileId, Sources};

#[test]
fn corpus() {
    insta::glob!("corpus/*.proviso", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());

        // Stage 1: the AST, or the syntax diagnostics.
        let arc: Arc<str> = Arc::from(text.as_str());
        match proviso::syntax::parse(FileId(0), &name, &arc) {
            Ok(ast) => insta::assert_snapshot!("ast", format!("{ast:#?}")),
            Err(errors) => {
                let errors: Vec<_> = errors.into_iter().map(proviso::Error::from).collect();
                insta::assert_snapshot!("syntax", proviso::cli::render_diagnostics(&errors, false));
                return;
            }
        }

        // Stage 2: check with the declarations. Snippets are not quotes of the certificate:
        // its `source` declaration is left out, so they are not checked against its text.
        let prelude = std::fs::read_to_string(clauses().join("00-document.proviso")).unwrap();
        let prelude: String = prelude
            .lines()
            .filter(|l| !l.trim_start().starts_with("source "))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut sources = Sources::new();
        // The holiday lists a snippet's `business days are` names: `tests/corpus/*.csv`, found
        // beside the snippet (as the files of a folder read from git are).
        for entry in std::fs::read_dir(path.parent().unwrap()).unwrap() {
            let csv = entry.unwrap().path();
            if csv.extension().is_some_and(|x| x == "csv") {
                let file = csv.file_name().unwrap().to_string_lossy().into_owned();
                sources.add(
                    format!("corpus/{file}"),
                    std::fs::read_to_string(&csv).unwrap(),
                );
            }
        }
        let texts = vec![
            ("00-document.proviso".to_owned(), prelude),
            (name.clone(), text.clone()),
        ];
        let program = match proviso::check_texts(texts, &mut sources) {
            Ok(p) => p,
            Err(errors) => {
                insta::assert_snapshot!("check", proviso::cli::render_diagnostics(&errors, false));
                return;
            }
        };

        // Stage 3: evaluate every term the snippet defines, and its obligations.
        let facts_text = std::fs::read_to_string(scenario("first-conversion.toml")).unwrap();
        let market_text = std::fs::read_to_string(scenario("market.csv")).unwrap();
        let facts_id = sources.add("first-conversion.toml", facts_text);
        let market_id = sources.add("market.csv", market_text);
        // The example's file has no column for a series a snippet declares: its close stands in.
        let mapping = proviso::market::Mapping {
            series: program
                .declared_series()
                .into_iter()
                .map(|name| (name.to_owned(), proviso::market::Source::parse("close")))
                .collect(),
            ..Default::default()
        };
        let inputs =
            proviso::load_input_files_mapped(&program, &sources, facts_id, market_id, &mapping)
                .unwrap();
        let snippet_file = sources.find(&name).unwrap();
        let terms: Vec<_> = program
            .terms
            .entries()
            .filter(|(_, t)| t.span.file == snippet_file)
            .map(|(id, _)| id)
            .collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2002, 10, 31).unwrap();
        let options = proviso::Options {
            values: terms,
            ..proviso::Options::default()
        };
        let out = proviso::evaluate(&program, &inputs, &sources, as_of, &options);
        let mut s = String::new();
        for v in &out.values {
            let shown = v
                .explanation
                .as_ref()
                .and_then(|n| n.display.clone())
                .unwrap_or_default();
            let unit = v.explanation.as_ref().and_then(|n| n.unit.clone());
            let _ = writeln!(
                s,
                "{} = {} (exact {:?}, unit {:?})",
                v.term,
                shown,
                v.value.exact(),
                unit
            );
        }
        for o in &out.obligations {
            let _ = writeln!(
                s,
                "obligation {} [{}] {} {} due {:?}: {:?}",
                o.id,
                o.section,
                o.kind.name(),
                o.amount.as_ref().map_or("-", |a| a.display.as_str()),
                o.due,
                o.status
            );
        }
        for r in &out.rights {
            let _ = writeln!(
                s,
                "right {} [{}] {} from {:?}: {} (exercised by {:?}, foregone by {:?})",
                r.id,
                r.section,
                r.kind,
                r.window.from,
                r.status.name(),
                r.exercised_by,
                r.foregone_by
            );
        }
        for f in &out.findings {
            let _ = writeln!(
                s,
                "finding {} [{}] on {:?}: {}",
                f.id,
                f.section,
                f.date,
                f.status.name()
            );
        }
        let errors: Vec<_> = out.errors.into_iter().map(proviso::Error::from).collect();
        if !errors.is_empty() {
            s.push_str(&proviso::cli::render_diagnostics(&errors, false));
        }
        insta::assert_snapshot!("eval", s);
    });
}
