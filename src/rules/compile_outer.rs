//! Compiling `outer`: a comparison, inside a lookup's `where`, with the record the
//! lookup belongs to.

use super::compile::Compiler;
use super::condition::{Op, Ordering, OuterOp};
use super::shape::OuterCompare;
use crate::yaml::Spanned;

impl Compiler<'_> {
    pub(super) fn outer_operator(&mut self, o: &Spanned<OuterCompare>) -> Option<Op> {
        let Some(outer_ds) = self.outer.last().cloned() else {
            self.error(
                o,
                "`outer` compares with the record a lookup belongs to: use it inside a lookup's `where`",
            );
            return None;
        };
        let c = &o.value;
        let given: Vec<(OuterOp, &Spanned<String>)> = [
            (OuterOp::Equals, &c.equals),
            (OuterOp::Contains, &c.contains),
            (OuterOp::StartsWith, &c.starts_with),
            (OuterOp::EndsWith, &c.ends_with),
            (OuterOp::Compare(Ordering::Gt), &c.gt),
            (OuterOp::Compare(Ordering::Gte), &c.gte),
            (OuterOp::Compare(Ordering::Lt), &c.lt),
            (OuterOp::Compare(Ordering::Lte), &c.lte),
        ]
        .into_iter()
        .filter_map(|(op, path)| path.as_ref().map(|p| (op, p)))
        .collect();
        let [(op, path)] = given.as_slice() else {
            self.error(
                o,
                "`outer` takes exactly one of `equals`, `contains`, `starts_with`, `ends_with`, `gt`, `gte`, `lt`, `lte`",
            );
            return None;
        };
        self.path(path, &outer_ds).map(|p| Op::Outer(*op, p))
    }
}
