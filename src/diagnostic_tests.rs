use super::*;

#[test]
fn the_origin_names_what_is_known_of_the_place() {
    let at = |line, column| Problem::new("synclint::test", "f.yaml", (line, column), "bad");
    assert_eq!(at(3, 7).to_string(), "f.yaml:3:7: bad");
    assert_eq!(at(3, 0).to_string(), "f.yaml:3: bad");
    assert_eq!(at(0, 0).to_string(), "f.yaml: bad");
}

#[test]
fn the_label_underlines_the_spot_or_the_whole_line() {
    let text = "a: 1\nkey: value\n";
    let spot = Problem::new("synclint::test", "f.yaml", (2, 6), "bad").in_text(text, 5);
    let span = spot.span.unwrap();
    assert_eq!(&text[span.offset()..span.offset() + span.len()], "value");
    let line = Problem::new("synclint::test", "f.yaml", (2, 0), "bad").in_text(text, 0);
    let span = line.span.unwrap();
    assert_eq!(
        &text[span.offset()..span.offset() + span.len()],
        "key: value"
    );
    let file = Problem::new("synclint::test", "f.yaml", (0, 0), "bad").in_text(text, 0);
    assert!(file.span.is_none());
    assert!(file.labels().is_none());
}
