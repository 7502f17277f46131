//! Every finding of a check, from the rules to report order, without holding them all.
//!
//! Findings are gathered in the order the rules make them: those of the snapshots and
//! the configuration, then those of the logs as their groups settle. Each is noted for
//! cause links and repeats, then sorted in runs ([`Sorter`]). Once all are in, the runs
//! are merged in report order; repeats are dropped, causes linked and suppressions
//! applied one finding at a time, and the findings go on into [`Findings`], which keeps
//! a long log's findings in a temporary file that every format reads as a stream
//! (`docs/performance.md`, "Findings read as a stream").

use crate::engine::causes::Linker;
use crate::engine::repeats::Repeats;
use crate::finding::{Finding, Findings, Recorder, RuleTable, RuleText, Sorter};
use crate::gate::Suppressor;
use crate::model::Datasets;
use crate::rules::Rule;

/// The findings of a check as the rules make them.
pub struct Gather<'r> {
    table: RuleTable,
    limit: usize,
    sorter: Sorter,
    linker: Linker<'r>,
    repeats: Repeats,
}

impl<'r> Gather<'r> {
    /// Findings of `rules`, `limit` of them held in memory at a time.
    #[must_use]
    pub fn new(rules: &'r [Rule], limit: usize) -> Self {
        let table = RuleTable::new(rules.iter().map(rule_text).collect());
        Self {
            sorter: Sorter::new(table.clone(), limit),
            table,
            limit,
            linker: Linker::new(rules),
            repeats: Repeats::default(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        self.linker.note(&finding);
        self.repeats.note(&finding);
        self.sorter.push(finding);
    }

    /// The findings in report order, repeats dropped, causes linked (following what
    /// `datasets` relate) and what `suppressor` covers left out; with why some are
    /// missing, when a run could not be read back.
    #[must_use]
    pub fn finish(
        mut self,
        datasets: &Datasets,
        mut suppressor: Option<(Suppressor<'_>, &mut crate::gate::GateSummary)>,
    ) -> (Findings, Option<String>) {
        let mut sorted = self.sorter.finish();
        let mut merge = sorted.merge();
        let mut out = Recorder::new(self.table, self.limit);
        for mut finding in merge.by_ref() {
            if self.repeats.is_repeat(&finding) {
                continue;
            }
            self.linker.link(&mut finding, datasets);
            if let Some((s, summary)) = &mut suppressor {
                if s.suppresses(&finding, summary) {
                    continue;
                }
            }
            out.push(finding);
        }
        let problem = merge.problem();
        (out.finish(), problem)
    }
}

/// What the findings of `rule` share.
#[must_use]
pub fn rule_text(rule: &Rule) -> RuleText {
    RuleText {
        id: rule.id.clone(),
        title: rule.title.clone(),
        category: rule.category.clone(),
        wording: std::sync::Arc::clone(rule.wording.handle()),
    }
}
