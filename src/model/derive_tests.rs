use super::*;
use serde_json::json;

fn derived(expr: &str, record: &Value) -> Vec<Value> {
    let now = crate::time::parse_timestamp("2026-06-11T00:00:00Z");
    FieldPath::parse_expr(expr)
        .unwrap()
        .with_values(record, now, |values| {
            values.iter().map(|v| (*v).clone()).collect()
        })
}

#[test]
fn text_functions() {
    let r = json!({"email": " Ann.Lee@Example.COM ", "tags": ["a-b-c", "x"]});
    assert_eq!(
        derived("email | trim | lower", &r),
        [json!("ann.lee@example.com")]
    );
    assert_eq!(
        derived("email | trim | domain | upper", &r),
        [json!("EXAMPLE.COM")]
    );
    assert_eq!(derived("email | trim | local", &r), [json!("Ann.Lee")]);
    assert_eq!(derived("email | length", &r), [json!(21)]);
    assert_eq!(derived("tags | split('-', 1)", &r), [json!("b")]);
    assert_eq!(
        derived("tags | split(\"-\", -1)", &r),
        [json!("c"), json!("x")]
    );
    assert_eq!(derived("email | capture('([a-z]+)\\.')", &r), [json!("nn")]);
    assert_eq!(derived("email | capture('^ ([A-Z])')", &r), [json!("A")]);
}

#[test]
fn values_a_function_cannot_read_are_dropped() {
    let r = json!({"name": "no-at-sign", "n": {"x": 1}, "t": "not a time"});
    assert!(derived("name | domain", &r).is_empty());
    assert!(derived("n | lower", &r).is_empty());
    assert!(derived("t | age", &r).is_empty());
    assert!(derived("name | split('-', 5)", &r).is_empty());
}

#[test]
fn time_functions() {
    let r = json!({"start": "2026-06-01T00:00:00Z", "end": "2026-06-01T12:00:00Z"});
    assert_eq!(derived("start | age", &r), [json!(10.0)]);
    assert_eq!(derived("start | days_to(end)", &r), [json!(0.5)]);
    let none = FieldPath::parse_expr("start | age")
        .unwrap()
        .with_values(&r, None, |v| v.len());
    assert_eq!(none, 0, "age needs a reference time");
}

#[test]
fn bad_functions_are_reported() {
    let err = |e: &str| FieldPath::parse_expr(e).unwrap_err();
    assert!(
        err("a | lowr").contains("did you mean `lower`?"),
        "{}",
        err("a | lowr")
    );
    assert!(err("a | split('-')").contains("takes 2 argument(s)"));
    assert!(err("a | split('-', x)").contains("not a whole number"));
    assert!(err("a | capture('(')").contains("invalid regex"));
    assert!(err("a | lower(1)").contains("takes no arguments"));
    assert!(err("a | split('-', 1").contains("closing `)`"));
    assert!(FieldPath::parse_expr("raw.[a|b] | lower").is_ok());
}
