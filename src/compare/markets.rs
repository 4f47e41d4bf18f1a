//! One version of the clauses over two market files: each scenario evaluated on its own market
//! file and again on another (two sources of the same prices, say), the outcomes compared as
//! for a clause edit — which obligations, rights and values change, and where the derivations
//! part (the window's VWAPs that differ). `proviso diff --market-against` renders the
//! [`Report`], whose header names the two files.

use std::path::{Component, Path, PathBuf};

use super::{Basis, Report, Side, VersionError, evaluate, load, scenario_diff};
use crate::market::Mapping;

/// The other market file, and how to read it: the series and calendar given here prevail over
/// each scenario's `[market]` table, as `--market-series` does for `eval`.
#[derive(Debug, Clone)]
pub struct Against {
    pub path: PathBuf,
    pub mapping: Mapping,
}

/// Evaluate every scenario on its own market file (old) and on `against` (new), under the
/// clauses of `side`.
pub fn compare(
    side: &Side,
    against: &Against,
    scenarios: &[PathBuf],
) -> Result<Report, VersionError> {
    let (program, mut sources) = load(side)?;
    let mut out = Report {
        old: String::new(),
        new: display_path(&against.path),
        basis: Basis::MarketFiles {
            clauses: side.label.clone(),
        },
        rules: Vec::new(),
        scenarios: Vec::new(),
    };
    for path in scenarios {
        let own = evaluate(&program, &mut sources, path, None);
        let other = evaluate(&program, &mut sources, path, Some(against));
        out.scenarios.push(scenario_diff(path, own, other, true));
    }
    // The old side is the scenarios' own file, when they share one.
    let mut own: Vec<&str> = out
        .scenarios
        .iter()
        .filter_map(|d| d.markets.as_ref().map(|(old, _)| old.as_str()))
        .collect();
    own.sort_unstable();
    own.dedup();
    out.old = match own.as_slice() {
        [one] => (*one).to_owned(),
        _ => "each scenario's own market file".to_owned(),
    };
    Ok(out)
}

/// A path as a report shows it: `a/b/../c` is `a/c`, so a scenario's
/// `../../../tests/market-data/x.csv` reads as the file it names.
pub fn display_path(path: &Path) -> String {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect::<PathBuf>().display().to_string()
}
