use super::super::{format_utc, parse_timestamp, parse_timestamp_in};
use super::*;

fn read(text: &str, order: DateOrder) -> Option<String> {
    parse_timestamp_in(text, order).map(|t| format_utc(&t))
}

#[test]
fn spreadsheet_forms_are_read() {
    let cases = [
        ("8/14/2024 9:02", "2024-08-14T09:02:00Z"),
        ("8/14/2024 13:15", "2024-08-14T13:15:00Z"),
        ("8/14/2024 1:15 PM", "2024-08-14T13:15:00Z"),
        ("8/14/2024 13:20:05", "2024-08-14T13:20:05Z"),
        ("8/14/2024 9:02 +02:00", "2024-08-14T07:02:00Z"),
        ("14.08.2024 09:02", "2024-08-14T09:02:00Z"),
        ("14.08.2024 09:02:11", "2024-08-14T09:02:11Z"),
        ("1.8.2024 9:02", "2024-08-01T09:02:00Z"),
        ("2024-08-14 09:02", "2024-08-14T09:02:00Z"),
        ("2024-08-14T09:02", "2024-08-14T09:02:00Z"),
    ];
    for (text, want) in cases {
        assert_eq!(
            read(text, DateOrder::MonthFirst).as_deref(),
            Some(want),
            "{text}"
        );
    }
    for bad in [
        "14.08.2024",
        "32.08.2024 09:02",
        "14.13.2024 09:02",
        "14.08.2024 9",
        "1.2.3.2024 09:02",
        "8/14/2024 9",
        "8/14/2024 25:00",
        "2024-08-14 09",
    ] {
        assert_eq!(read(bad, DateOrder::MonthFirst), None, "{bad}");
    }
}

#[test]
fn slash_dates_are_read_in_the_order_given() {
    let day = DateOrder::DayFirst;
    assert_eq!(
        read("10/08/2024 09:02:11", day).as_deref(),
        Some("2024-08-10T09:02:11Z")
    );
    assert_eq!(
        read("10/08/2024 09:02:11", DateOrder::MonthFirst).as_deref(),
        Some("2024-10-08T09:02:11Z")
    );
    assert_eq!(
        read("14/08/2024 09:02", day).as_deref(),
        Some("2024-08-14T09:02:00Z")
    );
    assert_eq!(
        read("3/8/2024 1:05:00 PM", day).as_deref(),
        Some("2024-08-03T13:05:00Z")
    );
    assert_eq!(read("8/14/2024 9:02", day), None);
    assert_eq!(read("14/08/2024 09:02", DateOrder::MonthFirst), None);
    // The plain parser is month-first, as Incydr writes.
    assert_eq!(parse_timestamp("14/08/2024 09:02"), None);
    // Other forms do not depend on the order.
    assert_eq!(
        read("14.08.2024 09:02", day),
        read("2024-08-14 09:02", DateOrder::MonthFirst)
    );
}

#[test]
fn only_a_number_above_twelve_tells_the_order() {
    let cases = [
        ("13/08/2024 09:02", Some(DateOrder::DayFirst)),
        ("31/1/2024", Some(DateOrder::DayFirst)),
        ("8/14/2024 9:02:11 AM", Some(DateOrder::MonthFirst)),
        ("2/25/2025, 9:19:25 AM", Some(DateOrder::MonthFirst)),
        ("03/08/2024 09:02", None),
        ("12/12/2024 09:02", None),
        ("13/14/2024 09:02", None),
        ("32/08/2024 09:02", None),
        ("0/13/2024 09:02", None),
        ("14.08.2024 09:02", None),
        ("2024-08-14T09:02:00Z", None),
        ("13/08 09:02", None),
        ("a/13/2024", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(slash_order(text), want, "{text}");
    }
    assert_eq!(slash_date(" 13/08/2024 09:02"), Some("13/08/2024"));
    assert_eq!(slash_date("2/25/2025, 9:19 AM"), Some("2/25/2025"));
    assert_eq!(slash_date("13/08/2024/1 09:02"), None);
}
