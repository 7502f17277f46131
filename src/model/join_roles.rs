//! The user-roles rows of each console user, for the joined `users` view (see
//! [`super::join`]): found by the user's `userId` or `username` (folded).

use super::resolve::fold;
use super::Record;
use std::collections::HashMap;

/// Positions of user-roles rows by folded `userId` and by folded `username`.
#[derive(Default)]
pub(super) struct RoleRows {
    by_id: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    /// Whether some row names its user by `userId` alone: a console user without an id
    /// (none in the export, or one Excel rounded) cannot be told to have no such row.
    id_only: bool,
}

impl RoleRows {
    pub(super) fn new(rows: &[Record]) -> Self {
        let mut out = Self::default();
        for (at, row) in rows.iter().enumerate() {
            let id = row.str_field("userId");
            let name = row.str_field("username");
            if let Some(id) = id {
                out.by_id.entry(fold(id)).or_default().push(at);
            }
            if let Some(name) = name {
                out.by_name.entry(fold(name)).or_default().push(at);
            }
            out.id_only |= id.is_some() && name.is_none();
        }
        out
    }

    /// The rows naming the user's id or username (folded), each once, in file order.
    pub(super) fn of(
        &self,
        id: Option<String>,
        name: Option<String>,
    ) -> impl Iterator<Item = usize> {
        let rows = |map: &HashMap<String, Vec<usize>>, key: Option<String>| {
            key.and_then(|k| map.get(&k)).cloned().unwrap_or_default()
        };
        let mut all = rows(&self.by_id, id);
        all.extend(rows(&self.by_name, name));
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// Whether finding no row for a console user means the user has no roles: true
    /// when the user has an id (`has_id`), or no row is keyed by id alone. A user
    /// without an id may own any of the rows that give only an id, so their roles are
    /// unknown unless a row names their username.
    pub(super) fn known(&self, has_id: bool) -> bool {
        has_id || !self.id_only
    }
}
