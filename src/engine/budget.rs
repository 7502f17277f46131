//! A worker's side of the bound on the groups held in memory (see [`super::overflow`]):
//! what its own groups weigh, per rule and in all, told to the shared count now and
//! then; and, while every group held weighs more than the bound, writing out the
//! heaviest map this worker may touch: one of its own rules' groups, or a rule's shared
//! groups. No I/O.

use super::overflow::{signed, weigh, Spill};
use super::sample::Names;
use super::shared::{Groups, SharedGroups};

/// What one worker's own groups weigh, and what it last told the shared count.
#[derive(Debug, Default)]
pub(super) struct Weights {
    /// Per rule (by position in the rule list).
    rules: Vec<usize>,
    total: usize,
    told: usize,
    /// How far the total may move before it is told (never, without a bound).
    tell_every: usize,
    /// Runs written, and texts kept, when the worker last forgot the texts no group
    /// keeps.
    pruned: (usize, usize),
}

impl Weights {
    /// For `rules` rules, told to `shared` when it has a bound.
    pub(super) fn new(rules: usize, shared: Option<&SharedGroups>) -> Self {
        let spill = shared.and_then(SharedGroups::spill);
        Self {
            rules: vec![0; rules],
            tell_every: spill.map_or(usize::MAX, Spill::tell_every),
            ..Self::default()
        }
    }

    /// The groups of the rule at `index` got `grown` bytes heavier (or lighter).
    pub(super) fn count(&mut self, index: usize, grown: isize) {
        if let Some(weight) = self.rules.get_mut(index) {
            *weight = weight.saturating_add_signed(grown);
        }
        self.total = self.total.saturating_add_signed(grown);
    }

    /// Whether the total moved far enough to be told.
    pub(super) fn untold(&self) -> bool {
        self.total.abs_diff(self.told) > self.tell_every
    }

    fn tell(&mut self, spill: &Spill) {
        spill.tell(signed(self.total) - signed(self.told));
        self.told = self.total;
    }
}

/// After a record: tell the bound what this worker's groups weigh, and while all groups
/// held weigh more than it, write out the heaviest of this worker's rules' groups or of
/// the shared ones, when it weighs at least `Spill::least_run`.
pub(super) fn keep_within(
    shared: &SharedGroups,
    groups: &mut [Groups],
    weights: &mut Weights,
    names: &mut Names,
) {
    let Some(spill) = shared.spill() else {
        return;
    };
    weights.tell(spill);
    if !spill.over() {
        return;
    }
    let least = spill.least_run();
    let mine = weights.rules.iter().copied().enumerate();
    let mine = mine.max_by_key(|&(_, weight)| weight).unwrap_or_default();
    let theirs = shared.heaviest().unwrap_or_default();
    if mine.1 >= least && mine.1 >= theirs.1 {
        write_mine(spill, mine.0, groups, weights, names);
    } else if theirs.1 >= least {
        shared.write_out(theirs.0, names);
    }
    forget_texts(spill, weights, names);
}

/// Write this worker's groups of the rule at `index` out; if they cannot be written,
/// they come back.
fn write_mine(
    spill: &Spill,
    index: usize,
    groups: &mut [Groups],
    weights: &mut Weights,
    names: &mut Names,
) {
    let Some(map) = groups.get_mut(index) else {
        return;
    };
    let weight = weights.rules.get(index).copied().unwrap_or_default();
    let taken = std::mem::take(map);
    weights.count(index, -signed(weight));
    weights.tell(spill);
    if let Err(back) = spill.write(index, taken, names) {
        weights.count(index, signed(weigh(&back)));
        *map = back;
        weights.tell(spill);
    }
}

/// Forget the texts no group keeps any more, once runs were written since the last
/// time and the texts kept have doubled (so the walk costs a share of what was added).
fn forget_texts(spill: &Spill, weights: &mut Weights, names: &mut Names) {
    let (runs, kept) = weights.pruned;
    if spill.written() != runs && names.len() >= 2 * kept + 1024 {
        names.prune();
        weights.pruned = (spill.written(), names.len());
    }
}
