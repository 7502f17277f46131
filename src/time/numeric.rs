//! Numeric dates as spreadsheets and locales write them: slash dates (`8/14/2024`,
//! `14/08/2024`), whose day and month order is the file's, and dotted day-first dates
//! (`14.08.2024`), each followed by a time with or without seconds.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

/// Which number of a slash date is the month. Incydr writes month first; a file saved
/// in another locale (en-GB) writes day first. A property of a whole file, decided from
/// the dates that can only be read one way (see [`slash_order`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `8/14/2024`: month, day, year (Incydr's own order).
    #[default]
    MonthFirst,
    /// `14/08/2024`: day, month, year.
    DayFirst,
}

impl DateOrder {
    /// `month-first` or `day-first`, as messages name the order.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month-first",
            DateOrder::DayFirst => "day-first",
        }
    }

    /// The date part of a chrono format in this order.
    fn format(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "%m/%d/%Y",
            DateOrder::DayFirst => "%d/%m/%Y",
        }
    }
}

/// The date of a slash timestamp as written (`13/08/2024` of `13/08/2024 09:02`), when
/// it is three numbers separated by `/`.
#[must_use]
pub fn slash_date(text: &str) -> Option<&str> {
    let date = text
        .trim()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()?;
    let mut parts = date.split('/');
    let numbers: Vec<&str> = parts.by_ref().take(3).collect();
    let digits = |s: &&str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    (numbers.len() == 3 && parts.next().is_none() && numbers.iter().all(digits)).then_some(date)
}

/// What a slash date's own numbers say about its order: day first when the first
/// number is above 12 (no month) and the second not, month first when the second is
/// above 12 and the first not; `None` when both could be months, neither could, or
/// `text` is no slash date.
#[must_use]
pub fn slash_order(text: &str) -> Option<DateOrder> {
    let date = slash_date(text)?;
    let mut numbers = date.split('/').map(|n| n.parse::<u32>().unwrap_or(0));
    let (first, second) = (numbers.next()?, numbers.next()?);
    let month = |n: u32| (1..=12).contains(&n);
    let day = |n: u32| (13..=31).contains(&n);
    match (month(first), month(second)) {
        (false, true) if day(first) => Some(DateOrder::DayFirst),
        (true, false) if day(second) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// A slash timestamp `a/b/yyyy h:mm[:ss[.f]][ AM|PM][ +hh:mm]` in `order`, also with a
/// comma after the date (`2/25/2025, 9:19:25.391 AM`, as a Log Analytics CSV export
/// writes its times); 12-hour with AM/PM, else 24-hour; no offset means UTC.
pub(super) fn parse_slash(text: &str, order: DateOrder) -> Option<DateTime<Utc>> {
    let text = text.strip_suffix('Z').unwrap_or(text).trim_end();
    let unglued;
    let text = match text.split_once(", ") {
        Some((date, time)) if date.contains('/') && !date.contains(' ') => {
            unglued = format!("{date} {time}");
            unglued.as_str()
        }
        _ => text,
    };
    let words = || text.split_ascii_whitespace();
    let twelve_hour = words().any(|w| w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm"));
    let offset = words().last().is_some_and(|w| w.starts_with(['+', '-']));
    let hour = if twelve_hour { "%I" } else { "%H" };
    let mut format = format!("{} {hour}{}", order.format(), minutes(words().nth(1)));
    if twelve_hour {
        format.push_str(" %p");
    }
    if offset {
        format.push_str(" %:z");
        return DateTime::parse_from_str(text, &format)
            .ok()
            .map(|t| t.with_timezone(&Utc));
    }
    naive(text, &format)
}

/// A dotted day-first timestamp `dd.mm.yyyy hh:mm[:ss[.f]]` (German Excel, 24-hour, UTC).
pub(super) fn parse_dotted(text: &str) -> Option<DateTime<Utc>> {
    let date = text.split_ascii_whitespace().next()?;
    let dotted =
        date.split('.').count() == 3 && date.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !dotted {
        return None;
    }
    let format = format!(
        "%d.%m.%Y %H{}",
        minutes(text.split_ascii_whitespace().nth(1))
    );
    naive(text, &format)
}

/// The part of a format after the hour for a time written as `time`: minutes, and
/// seconds with an optional fraction when it has them.
fn minutes(time: Option<&str>) -> &'static str {
    match time.map(|t| t.matches(':').count()) {
        Some(1) => ":%M",
        _ => ":%M:%S%.f",
    }
}

/// `text` read with `format` as a time in UTC.
fn naive(text: &str, format: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, format)
        .ok()
        .map(|t| Utc.from_utc_datetime(&t))
}

#[cfg(test)]
#[path = "numeric_tests.rs"]
mod tests;
