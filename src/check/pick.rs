//! Picking a few events during the check's own pass over the logs: each worker keeps
//! the events a [`Picker`] wants, so tracing one user over a long log reads it once and
//! holds that user's events and nothing else.

use crate::model::event::EventRecord;
use crate::model::Datasets;

/// Which events to keep, decided once the datasets are read (`trace` needs the `users`
/// view to know every name of the person).
pub struct Picker(Box<dyn Fn(&EventRecord) -> bool + Send + Sync>);

impl Picker {
    #[must_use]
    pub fn new(picks: impl Fn(&EventRecord) -> bool + Send + Sync + 'static) -> Self {
        Self(Box::new(picks))
    }

    /// Whether `event` is kept.
    #[must_use]
    pub fn picks(&self, event: &EventRecord) -> bool {
        (self.0)(event)
    }
}

impl std::fmt::Debug for Picker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Picker")
    }
}

/// Makes the picker of a run from its datasets (None: pick nothing).
pub type PickerFor<'a> = &'a dyn Fn(&Datasets) -> Option<Picker>;

impl super::Outcome {
    /// Drop what only `trace` and `plan` read (the datasets), so a plain check renders
    /// its report without them in memory.
    pub fn release(&mut self) {
        self.datasets = Datasets::new();
    }
}
