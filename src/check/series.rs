//! Checking of `market series bid: USD per share`: a column of the market file the clauses
//! read besides `close`, `vwap`, `low` and `volume`. Its name is not one of those four, it is
//! declared once per document (a deal's documents may each declare it, with the same type), and
//! its type is an amount: a price per share, USD, shares or a plain number.

use crate::ast;
use crate::program::types::{Dim, Type, TypeNames};
use crate::program::{DeclaredSeries, Series};

use super::Checker;
use super::names::suggest;

impl Checker<'_> {
    /// Record each declared series, in the order of the files.
    pub(super) fn market_series(&mut self, files: &[ast::File]) {
        for item in files.iter().flat_map(|f| &f.items) {
            let ast::Item::MarketSeries(decl) = item else {
                continue;
            };
            self.market_series_decl(decl);
        }
    }

    fn market_series_decl(&mut self, decl: &ast::MarketSeriesDecl) {
        let name = &decl.name;
        // Columns are matched whatever their case: `Close` would read the `close` column.
        if Series::ALL
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(&name.node))
        {
            self.invalid(
                name.span,
                format!("`{}` is a series every market file has", name.node),
                "already a series",
                format!(
                    "`market {} on d` reads it without a declaration; declare only other \
                     columns (`market series bid: USD per share`)",
                    name.node
                ),
            );
            return;
        }
        let ty = self.resolve_type(&decl.ty);
        let dim = match ty {
            Type::Quantity(d) if d != Dim::PER_ANNUM => d,
            Type::Error => return,
            other => {
                let t = self.prog.type_name(&other);
                self.invalid(
                    decl.ty.span,
                    format!(
                        "a market series holds amounts; `{}` is declared as {t}",
                        name.node
                    ),
                    "not an amount",
                    "declare it as `USD per share` (a price), `shares` (a volume), `USD` or \
                     `number`"
                        .to_owned(),
                );
                return;
            }
        };
        let document = self.doc_of(name.span);
        let earlier = self
            .prog
            .series
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(&name.node));
        if let Some(first) = earlier {
            let (first_span, first_dim) = (first.span, first.dim);
            let same_spelling = first.name == name.node;
            if self.doc_of(first_span) == document {
                self.errors.push(super::CheckError::Duplicate {
                    name: name.node.clone(),
                    first: self.sources.location(first_span),
                    src: self.src(name.span),
                    span: name.span.into(),
                });
            } else if first_dim != dim || !same_spelling {
                let at = self.sources.location(first_span);
                self.invalid(
                    decl.ty.span,
                    format!(
                        "another document of the deal declares `{}` otherwise",
                        name.node
                    ),
                    "declared otherwise",
                    format!(
                        "the market file has one `{}` column; declare it as at {at}",
                        name.node
                    ),
                );
            }
            return;
        }
        self.prog.series.push(DeclaredSeries {
            name: name.node.clone(),
            dim,
            span: name.span,
        });
    }

    /// The series named `name`: one of the four, or a declared one.
    pub(super) fn series_named(&self, name: &str) -> Option<Series> {
        if let Some((_, s)) = Series::ALL.iter().find(|(n, _)| *n == name) {
            return Some(*s);
        }
        let index = self.prog.series.iter().position(|d| d.name == name)?;
        let dim = self.prog.series.get(index)?.dim;
        Some(Series::Declared {
            index: u16::try_from(index).ok()?,
            dim,
        })
    }

    /// What to say of a name that is no series: the nearest name, and the series there are.
    pub(super) fn unknown_series_help(&self, name: &str) -> String {
        let mut names: Vec<&str> = Series::ALL.iter().map(|(n, _)| *n).collect();
        names.extend(self.prog.series.iter().map(|d| d.name.as_str()));
        let near = suggest(name, names.iter().copied(), "market serie");
        let near = if near.starts_with("did you mean") {
            format!("{near} ")
        } else {
            String::new()
        };
        format!(
            "{near}the series are {}; a clause folder declares another column with `market \
             series bid: USD per share`",
            names.join(", ")
        )
    }
}
