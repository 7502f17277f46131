//! Durations (`15m`, `24h`, `7d`, `1h30m`) and the timestamp forms synclint reads.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

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

/// Parse a timestamp: RFC 3339 / ISO 8601 with or without offset (none means UTC),
/// `YYYY-MM-DD HH:MM:SS[.f]`, or a bare date.
#[must_use]
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
