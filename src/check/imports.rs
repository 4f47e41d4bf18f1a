//! Documents that refer to each other: `use "Closing Price", company from "pmic-series-a"`.
//!
//! A deal is checked as one program with one vocabulary, so one facts file feeds every
//! document; but a name a document uses and another declares must be imported by the user, so a
//! name's origin is always written in the folder that uses it. `imports` reads the `use`
//! declarations (the document must be another of the deal; each name must be declared there);
//! `visible` is asked wherever a name is resolved, and says when one comes from another
//! document without a `use`.

use super::{Checker, Namespace, suggest};
use crate::ast;
use crate::source::Span;

impl Checker<'_> {
    /// Read every `use … from "…"` of the deal.
    pub(super) fn imports(&mut self, files: &[ast::File]) {
        for item in files.iter().flat_map(|f| &f.items) {
            let ast::Item::Use(u) = item else { continue };
            let user = self.doc_of(u.from.span);
            let ids: Vec<String> = self.prog.documents.iter().map(|d| d.id.clone()).collect();
            let Some(from) = ids.iter().position(|id| *id == u.from.node) else {
                let help = if ids.len() > 1 {
                    suggest(&u.from.node, ids.iter().map(String::as_str), "document")
                } else {
                    format!(
                        "the documents are the folders a deal's `deal.toml` lists and the folders \
                         beside them they `use`; there is no folder `{}` beside this one",
                        u.from.node
                    )
                };
                self.invalid(
                    u.from.span,
                    format!("`{}` is not a document of this deal", u.from.node),
                    "no such document",
                    help,
                );
                continue;
            };
            if from == user {
                self.invalid(
                    u.from.span,
                    format!("`{}` is this document", u.from.node),
                    "its own names need no `use`",
                    "name another document of the deal, or drop the `use`".to_owned(),
                );
                continue;
            }
            for n in &u.names {
                let found = self.home(n).filter(|&home| home == from);
                if found.is_some() {
                    self.imported.insert((user, n.name.node.clone()), from);
                    continue;
                }
                let declared_there = self.declared_in(from, n.term);
                let what = if n.term {
                    "defined term"
                } else {
                    "party, enumeration, fact table, records or event"
                };
                self.invalid(
                    n.name.span,
                    format!(
                        "`{}` declares no {what} named `{}`",
                        u.from.node, n.name.node
                    ),
                    "names nothing there",
                    suggest(
                        &n.name.node,
                        declared_there.iter().map(String::as_str),
                        "name",
                    ),
                );
            }
        }
    }

    /// The document that declares an imported name, if any declares it.
    fn home(&self, n: &ast::UseName) -> Option<usize> {
        let spaces: &[Namespace] = if n.term {
            &[Namespace::Term]
        } else {
            &[Namespace::Value, Namespace::Type]
        };
        spaces.iter().find_map(|ns| {
            self.first
                .get(&(*ns, n.name.node.clone()))
                .map(|span| self.doc_of(*span))
        })
    }

    /// The names of terms (or of the other declarations) a document declares.
    fn declared_in(&self, doc: usize, terms: bool) -> Vec<String> {
        let mut names: Vec<String> = self
            .first
            .iter()
            .filter(|((ns, _), span)| {
                let wanted = if terms {
                    *ns == Namespace::Term
                } else {
                    matches!(ns, Namespace::Value | Namespace::Type)
                };
                wanted && self.doc_of(**span) == doc
            })
            .map(|((_, name), _)| name.clone())
            .collect();
        names.sort();
        names
    }

    /// A name of namespace `ns` used at `used`: an error when another document declares it and
    /// the document that uses it does not import it.
    pub(super) fn visible(&mut self, ns: Namespace, name: &str, used: Span) {
        let Some(&declared) = self.first.get(&(ns, name.to_owned())) else {
            return;
        };
        let (home, user) = (self.doc_of(declared), self.doc_of(used));
        if home == user || self.imported.get(&(user, name.to_owned())) == Some(&home) {
            return;
        }
        let home_id = self
            .prog
            .documents
            .get(home)
            .map_or_else(String::new, |d| d.id.clone());
        let written = if ns == Namespace::Term {
            format!("\"{name}\"")
        } else {
            name.to_owned()
        };
        self.invalid(
            used,
            format!("`{name}` is declared in `{home_id}`, which this document does not `use`"),
            "from another document",
            format!(
                "import it where the document's declarations are: `use {written} from \"{home_id}\"`"
            ),
        );
    }
}
