//! Compiling a rule's `aggregate` section.

use super::compile::Compiler;
use super::condition::{Aggregate, CountRange, Window};
use super::shape;
use crate::model::dataset;

/// Fields every finding of an aggregated rule sets for its templates, besides the fields
/// of the group's first record (which they replace).
pub const ALWAYS_SET: &[&str] = &[
    "count",
    "distinct_count",
    "first_seen",
    "last_seen",
    "user_count",
    "sample_users",
];
/// The fields of [`ALWAYS_SET`] about users, which a rule with `gap` does not set: the
/// users of the events around a silence are not what its finding is about.
pub const NAMES_USERS: &[&str] = &["user_count", "sample_users"];
/// Set besides for a rule counted `within` a window.
pub const WINDOW_SET: &[&str] = &["window_start", "window_end"];
/// Set besides for a rule about a `gap`.
pub const GAP_SET: &[&str] = &["gap", "gap_start", "gap_end"];

/// Whether a template of an aggregated rule may use `name` as a group's field.
#[must_use]
pub fn is_group_field(name: &str) -> bool {
    [ALWAYS_SET, WINDOW_SET, GAP_SET]
        .iter()
        .any(|set| set.contains(&name))
}

/// Compile `a` for a rule over dataset `ds`, reporting every problem.
pub(super) fn aggregate(
    cx: &mut Compiler<'_>,
    a: &shape::Aggregate,
    ds: &str,
) -> Option<Aggregate> {
    let by: Vec<Option<_>> = a.by.iter().map(|p| cx.path(p, ds)).collect();
    let distinct = a.distinct.as_ref().map(|d| cx.path(d, ds));
    let count = a.count.as_ref().map(|c| cx.count(&c.value, c));
    let window = window(cx, a, ds);
    Some(Aggregate {
        by: by.into_iter().collect::<Option<Vec<_>>>()?,
        count: count.map_or(Some(CountRange::SOME), |c| c)?,
        distinct: distinct.map_or(Some(None), |d| d.map(Some))?,
        window: window?,
    })
}

fn window(cx: &mut Compiler<'_>, a: &shape::Aggregate, ds: &str) -> Option<Window> {
    let timed = a.within.as_ref().or(a.gap.as_ref());
    if let Some(at) = timed.filter(|_| ds != dataset::EVENTS) {
        cx.error(
            at,
            "`within` and `gap` need timed records: use them with `dataset: events`",
        );
        return None;
    }
    match (&a.within, &a.gap) {
        (Some(_), Some(gap)) => {
            cx.error(gap, "`within` and `gap` cannot be combined");
            None
        }
        (Some(w), None) => cx.duration(w).map(Window::Within),
        (None, Some(g)) => {
            if let Some(d) = &a.distinct {
                cx.error(
                    d,
                    "`distinct` does not apply to `gap`, which looks at silences",
                );
                return None;
            }
            cx.duration(g).map(Window::Gap)
        }
        (None, None) => Some(Window::All),
    }
}
