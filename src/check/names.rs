//! "Did you mean" for names that do not resolve: the nearest defined name by edit similarity.

/// A help line suggesting the nearest of `candidates` to `name`, or listing what is defined.
pub fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    what: &str,
) -> String {
    let mut all: Vec<&str> = candidates.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    let best = all
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, c)) if score >= 0.8 => format!("did you mean `{c}`?"),
        _ if all.is_empty() => format!("no {what} is declared"),
        _ => {
            let shown: Vec<String> = all.iter().take(8).map(|c| format!("`{c}`")).collect();
            let more = if all.len() > 8 { ", …" } else { "" };
            format!("the {what}s defined are {}{more}", shown.join(", "))
        }
    }
}
