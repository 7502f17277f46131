//! Durations (`15m`, `24h`, `7d`, `1h30m`) and the timestamp forms synclint reads.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// Parse a duration made of `<number><unit>` parts; units `s`, `m`, `h`, `d`, `w`.
///
/// # Errors
/// A message naming what is wrong.
pub fn parse_duration(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the duration is empty".to_owned());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: i64 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            other => {
                return Err(format!(
                    "unknown unit `{other}` in `{text}` (use s, m, h, d or w)"
                ))
            }
        };
        let n: i64 = number
            .parse()
            .map_err(|_| format!("`{text}`: a unit must follow a number"))?;
        total = n
            .checked_mul(unit)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(|| format!("`{text}` is too long a duration"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!(
            "`{text}` ends without a unit (write e.g. `{number}m`)"
        ));
    }
    chrono::Duration::try_seconds(total).ok_or_else(|| format!("`{text}` is too long a duration"))
}

mod numeric;

pub use numeric::{slash_date, slash_order, DateOrder};

/// Parse a timestamp: RFC 3339 / ISO 8601 with 0–9 fractional digits, with or without
/// an offset (none means UTC; `Z`, `+hh:mm` and `+hhmm` are read), `YYYY-MM-DD HH:MM[:SS[.f]]`,
/// the US form `M/D/YYYY h:mm[:ss[.f]][ AM|PM][ +hh:mm]` (12-hour with AM/PM, else 24-hour),
/// the dotted day-first form `DD.MM.YYYY hh:mm[:ss]`, .NET's `/Date(milliseconds)/`, or a
/// bare date. Slash dates are read month first; see [`parse_timestamp_in`].
#[must_use]
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    parse_timestamp_in(text, DateOrder::MonthFirst)
}

/// [`parse_timestamp`] with slash dates (`a/b/yyyy`) read in `order`: a date whose
/// numbers cannot be read that way (`13/08/2024` month first) is `None`.
#[must_use]
pub fn parse_timestamp_in(text: &str, order: DateOrder) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(inside) = text
        .strip_prefix("/Date(")
        .and_then(|t| t.strip_suffix(")/"))
    {
        return parse_ms_date(inside);
    }
    if text.contains('/') {
        return numeric::parse_slash(text, order);
    }
    if let Some(t) = numeric::parse_dotted(text) {
        return Some(t);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}

/// The inside of `/Date(1561409588000)/`, as Windows PowerShell 5.1's `ConvertTo-Json`
/// and .NET's JSON serializers write a date: milliseconds since 1970 UTC, maybe followed
/// by the writer's offset (`+0200`), which does not change the instant.
fn parse_ms_date(inside: &str) -> Option<DateTime<Utc>> {
    let digits = inside
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-'))
        .map_or(inside, |(at, _)| &inside[..at]);
    let offset = &inside[digits.len()..];
    let offset_ok =
        offset.is_empty() || (offset.len() == 5 && offset[1..].bytes().all(|b| b.is_ascii_digit()));
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    let digits_ok = !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit());
    let millis: i64 = digits.parse().ok().filter(|_| offset_ok && digits_ok)?;
    DateTime::from_timestamp_millis(millis)
}

/// A time as RFC 3339 in UTC (`Z`), with the fraction of a second written only when it
/// is not zero and without trailing zeros: `2022-08-23T13:36:50.3538931Z`,
/// `2022-08-23T13:36:50Z`.
#[must_use]
pub fn format_utc(time: &DateTime<Utc>) -> String {
    use chrono::SecondsFormat;
    if time.nanosecond() % 1_000_000_000 == 0 {
        return time.to_rfc3339_opts(SecondsFormat::Secs, true);
    }
    let mut text = time.to_rfc3339_opts(SecondsFormat::Nanos, false);
    // Nanoseconds and `+00:00`: drop the offset and the fraction's trailing zeros.
    text.truncate(text.len() - "+00:00".len());
    text.truncate(text.trim_end_matches('0').len());
    text.push('Z');
    text
}

/// A time as messages show it: `2026-11-27 08:00:00 UTC`.
#[must_use]
pub fn shown(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&t.year()) {
        return t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `format_utc` writes, the slow way.
    fn reference(t: &DateTime<Utc>) -> String {
        let mut out = t.format("%Y-%m-%dT%H:%M:%S").to_string();
        let nanos = t.nanosecond() % 1_000_000_000;
        if nanos > 0 {
            out.push('.');
            out.push_str(format!("{nanos:09}").trim_end_matches('0'));
        }
        out + "Z"
    }

    #[test]
    fn utc_times_are_written_like_chrono_writes_them() {
        let seconds = [
            0_i64,
            1_661_261_810,
            -1,
            253_402_300_799, // 9999-12-31T23:59:59
            253_402_300_800, // year 10000
            -62_167_219_200, // year 0
            -62_167_219_201, // year -1
            951_782_400,     // 2000-02-29
        ];
        let nanos = [
            0,
            1,
            10,
            300_000_000,
            353_893_100,
            999_999_999,
            1_500_000_000,
        ];
        for s in seconds {
            for n in nanos {
                // A leap second (nanoseconds past one second) exists only at :59.
                if let Some(t) = DateTime::from_timestamp(s, n) {
                    assert_eq!(format_utc(&t), reference(&t), "{s} {n}");
                }
            }
        }
        let t = DateTime::from_timestamp(1_661_261_810, 353_893_100).unwrap();
        assert_eq!(format_utc(&t), "2022-08-23T13:36:50.3538931Z");
        // Every 37th day from year 0 to 9999, at a time of day that moves.
        for day in (-719_528_i64..2_932_897).step_by(37) {
            let t = DateTime::from_timestamp(day * 86_400 + day.rem_euclid(86_400), 0).unwrap();
            assert_eq!(format_utc(&t), reference(&t), "{day}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m").unwrap().num_seconds(), 900);
        assert_eq!(parse_duration("1h30m").unwrap().num_seconds(), 5_400);
        assert_eq!(parse_duration("7d").unwrap().num_seconds(), 604_800);
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("5y").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("99999999999999999w").is_err());
    }

    #[test]
    fn timestamps() {
        let a = parse_timestamp("2026-11-28T10:00:00Z").unwrap();
        assert_eq!(parse_timestamp("2026-11-28T11:00:00+01:00"), Some(a));
        assert_eq!(parse_timestamp("2026-11-28 10:00:00"), Some(a));
        assert_eq!(
            parse_timestamp("2026-11-28T10:00:00.123456789"),
            Some(a + chrono::Duration::nanoseconds(123_456_789))
        );
        assert!(parse_timestamp("2026-11-28").is_some());
        assert!(parse_timestamp("yesterday").is_none());
    }

    fn utc(text: &str) -> Option<String> {
        parse_timestamp(text).map(|t| format_utc(&t))
    }

    #[test]
    fn every_event_log_form() {
        let cases = [
            ("2022-08-23T13:36:50Z", "2022-08-23T13:36:50Z"),
            ("2022-08-23T13:36:50.3Z", "2022-08-23T13:36:50.3Z"),
            ("2022-08-23T13:36:50.353Z", "2022-08-23T13:36:50.353Z"),
            (
                "2022-08-23T13:36:50.3538931Z",
                "2022-08-23T13:36:50.3538931Z",
            ),
            (
                "2022-08-23T13:36:50.8695470Z",
                "2022-08-23T13:36:50.869547Z",
            ),
            (
                "2022-08-23T13:36:50.123456789Z",
                "2022-08-23T13:36:50.123456789Z",
            ),
            ("2022-08-23t13:36:50z", "2022-08-23T13:36:50Z"),
            ("2022-08-23T15:36:50.25+02:00", "2022-08-23T13:36:50.25Z"),
            ("2022-08-23T08:36:50-05:00", "2022-08-23T13:36:50Z"),
            ("2022-08-23T15:36:50+0200", "2022-08-23T13:36:50Z"),
            ("2022-08-23T13:36:50", "2022-08-23T13:36:50Z"),
            (
                "2022-08-23T13:36:50.1234567",
                "2022-08-23T13:36:50.1234567Z",
            ),
            ("2022-08-23 13:36:50", "2022-08-23T13:36:50Z"),
            ("2022-08-23 13:36:50.5", "2022-08-23T13:36:50.5Z"),
            ("2022-08-23 15:36:50+02:00", "2022-08-23T13:36:50Z"),
            ("1/9/2007 9:41:00 AM", "2007-01-09T09:41:00Z"),
            ("1/9/2007 9:41:00 PM", "2007-01-09T21:41:00Z"),
            ("01/09/2007 12:05:00 am", "2007-01-09T00:05:00Z"),
            ("1/9/2007 12:05:00 PM", "2007-01-09T12:05:00Z"),
            ("1/9/2007 10:41:00 AM +01:00", "2007-01-09T09:41:00Z"),
            ("12/31/2022 11:59:59 PM -05:00", "2023-01-01T04:59:59Z"),
            ("8/23/2022 13:36:50", "2022-08-23T13:36:50Z"),
            ("8/23/2022 15:36:50 +02:00", "2022-08-23T13:36:50Z"),
            ("8/23/2022 1:36:50.25 PM", "2022-08-23T13:36:50.25Z"),
            ("2/25/2025, 9:19:25.391 AM", "2025-02-25T09:19:25.391Z"),
            ("/Date(1561409588000)/", "2019-06-24T20:53:08Z"),
            ("/Date(1561409588123+0200)/", "2019-06-24T20:53:08.123Z"),
            ("/Date(-86400000)/", "1969-12-31T00:00:00Z"),
            ("2/25/2025, 9:19:25 PM", "2025-02-25T21:19:25Z"),
            (" 2022-08-23T13:36:50Z ", "2022-08-23T13:36:50Z"),
        ];
        for (text, want) in cases {
            assert_eq!(utc(text).as_deref(), Some(want), "{text}");
        }
        for bad in [
            "13/45/2022 10:00:00",
            "2022-13-01T00:00:00Z",
            "1/9/2007 13:00:00 PM",
            "1/9/2007,, 9:00:00 AM",
            "/Date(12ab)/",
            "/Date(+0200)/",
            "/Date(+5)/",
            "/Date()/",
            "/Date(1561409588000+02)/",
            "",
            "soon",
        ] {
            assert_eq!(utc(bad), None, "{bad}");
        }
    }
}
