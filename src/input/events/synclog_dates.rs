//! The day and month order of a Sync log's slash dates (`10/08/2024`), decided once for
//! the whole file from its first rows, before any of them becomes an event.
//!
//! A date whose first number is above 12 says the file is day-first; one whose second
//! number is, month-first. When both are seen the order most rows show wins (the first
//! seen on a tie), and the rows showing the other are skipped when read. When no row
//! decides, the file is read month-first (Incydr's own order) and a note says so.

use super::normalize::ValueRef;
use super::synclog_keys::{Field, Found};
use crate::input::syntax::Item;
use crate::input::InputKind;
use crate::model::{Location, Skipped};
use crate::time::{slash_date, slash_order, DateOrder};
use serde_json::Value;

/// How many rows at most decide: the first batch a streamed log normalizes at once.
pub(crate) const SNIFF_ROWS: usize = super::batcher::READY_RECORDS;

/// The order a file's slash dates are read in, with the note to report when it was
/// assumed.
#[derive(Debug)]
pub(crate) struct Decided {
    pub order: DateOrder,
    /// A `warning:` entry at the first undecided slash date, when nothing decided.
    pub note: Option<Skipped>,
}

/// The order of the slash dates of a file of `kind` (`display`), from its first rows
/// `items` (at most [`SNIFF_ROWS`] are looked at). Only a Sync log is looked at; other
/// kinds read month-first.
pub(crate) fn date_order(kind: InputKind, items: &[Item], display: &str) -> Decided {
    let mut tally = Tally::default();
    if kind == InputKind::SyncLog {
        items
            .iter()
            .take(SNIFF_ROWS)
            .for_each(|item| tally.add(item));
    }
    let order = tally.order();
    let note = match tally.undecided {
        Some((line, column, date)) if tally.day == 0 && tally.month == 0 => Some(Skipped {
            location: Location::new(display, line, column),
            reason: undecided(&date, items.len().min(SNIFF_ROWS)),
        }),
        _ => None,
    };
    Decided { order, note }
}

/// The note on a file whose slash dates could be read either way.
fn undecided(date: &str, rows: usize) -> String {
    format!(
        "warning: slash dates such as `{date}` read month-first (Incydr's order): none of \
         the first {rows} rows has a number above 12 to tell day-first from month-first"
    )
}

/// What the rows looked at say.
#[derive(Debug, Default)]
struct Tally {
    /// Rows that can only be month-first.
    month: usize,
    /// Rows that can only be day-first.
    day: usize,
    /// The order of the first row that decides.
    first: Option<DateOrder>,
    /// Where the first slash date that decides nothing is, and the date.
    undecided: Option<(u32, u32, String)>,
}

impl Tally {
    fn add(&mut self, item: &Item) {
        let Value::Object(map) = &item.value else {
            return;
        };
        let found = Found::of(map.iter().map(|(k, v)| (k.as_str(), ValueRef::Json(v))));
        let Some(ValueRef::Json(Value::String(text))) = found.get(Field::Time) else {
            return;
        };
        let order = slash_order(text);
        match order {
            Some(DateOrder::DayFirst) => self.day += 1,
            Some(DateOrder::MonthFirst) => self.month += 1,
            None => {
                if let (None, Some(date)) = (&self.undecided, slash_date(text)) {
                    self.undecided = Some((item.line, item.column, date.to_owned()));
                }
                return;
            }
        }
        self.first = self.first.or(order);
    }

    fn order(&self) -> DateOrder {
        match self.day.cmp(&self.month) {
            std::cmp::Ordering::Greater => DateOrder::DayFirst,
            std::cmp::Ordering::Less => DateOrder::MonthFirst,
            std::cmp::Ordering::Equal => self.first.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Sync log rows at lines 2, 3, ... with these times (`None`: no time key).
    fn rows(times: &[Option<&str>]) -> Vec<Item> {
        (2..)
            .zip(times)
            .map(|(line, time)| {
                let mut value = json!({"Event Time": "", "Operation": "create user"});
                match time {
                    Some(time) => value["Event Time"] = json!(time),
                    None => value = json!({"Operation": "create user"}),
                }
                Item {
                    value,
                    line,
                    column: 1,
                }
            })
            .collect()
    }

    fn decide(times: &[Option<&str>]) -> (DateOrder, Option<String>) {
        let decided = date_order(InputKind::SyncLog, &rows(times), "sync.csv");
        let note = decided
            .note
            .map(|n| format!("{}:{} {}", n.location.line, n.location.column, n.reason));
        (decided.order, note)
    }

    #[test]
    fn a_number_above_twelve_anywhere_decides() {
        let day = decide(&[Some("10/08/2024 09:02"), Some("13/08/2024 09:02")]);
        assert_eq!(day, (DateOrder::DayFirst, None));
        let month = decide(&[Some("08/10/2024 09:02"), Some("8/13/2024 9:02 AM")]);
        assert_eq!(month, (DateOrder::MonthFirst, None));
    }

    #[test]
    fn most_rows_decide_and_a_tie_goes_to_the_first() {
        let most = [
            Some("8/14/2024 13:20:05"),
            Some("14/08/2024 09:02"),
            Some("15/08/2024 09:02"),
        ];
        assert_eq!(decide(&most).0, DateOrder::DayFirst);
        let tie = [Some("14/08/2024 09:02"), Some("8/14/2024 13:20:05")];
        assert_eq!(decide(&tie).0, DateOrder::DayFirst);
        let tie = [Some("8/14/2024 13:20:05"), Some("14/08/2024 09:02")];
        assert_eq!(decide(&tie).0, DateOrder::MonthFirst);
    }

    #[test]
    fn an_undecided_file_is_month_first_with_a_note_at_its_first_slash_date() {
        let (order, note) = decide(&[
            None,
            Some("2024-08-03T09:02:00Z"),
            Some("03/08/2024 09:02"),
            Some("04/08/2024 09:02"),
        ]);
        assert_eq!(order, DateOrder::MonthFirst);
        let note = note.unwrap_or_default();
        assert!(
            note.starts_with("4:1 warning: slash dates such as `03/08/2024` read month-first"),
            "{note}"
        );
        assert!(note.contains("none of the first 4 rows"), "{note}");
    }

    #[test]
    fn no_slash_date_or_another_kind_needs_no_note() {
        assert_eq!(
            decide(&[Some("2024-08-14T09:02:00Z"), Some("14.08.2024 09:02")]),
            (DateOrder::MonthFirst, None)
        );
        let items = rows(&[Some("13/08/2024 09:02")]);
        let other = date_order(InputKind::OktaLog, &items, "okta.json");
        assert_eq!(other.order, DateOrder::MonthFirst);
        assert!(other.note.is_none());
    }

    #[test]
    fn only_the_first_block_is_looked_at() {
        let mut times = vec![Some("03/08/2024 09:02"); SNIFF_ROWS];
        times.push(Some("13/08/2024 09:02"));
        let (order, note) = decide(&times);
        assert_eq!(order, DateOrder::MonthFirst);
        assert!(note.is_some());
    }
}
