use super::*;
use crate::finding::sample::{table, templated, Echo};

fn round_trip(finding: &Finding, rule: usize, table: &[RuleText]) -> Finding {
    let mut bytes = Vec::new();
    assert_eq!(encode(finding, rule, table, &mut bytes), Some(()));
    let back = Decoder::new(table).decode(&bytes);
    back.unwrap_or_else(|e| panic!("{e}"))
}

fn kept(finding: &Finding) -> Vec<(String, Held)> {
    let named = finding.says.named_values();
    named.map(|(k, v)| (k.to_owned(), v.clone())).collect()
}

#[test]
fn every_field_of_a_templated_finding_comes_back() {
    let table = table();
    let finding = templated(&table, 1, "ann@example.com");
    let back = round_trip(&finding, 1, &table);
    assert_eq!(back, finding);
    assert_eq!(kept(&back), kept(&finding));
    assert_eq!(back.render(), finding.render());
    assert_eq!(back.fingerprint(), finding.fingerprint());
    assert!(
        matches!(&back.says, Says::Templated { wording, .. } if Arc::ptr_eq(wording, &table[1].wording))
    );
}

#[test]
fn fixed_text_and_absent_parts_come_back() {
    let table = table();
    let mut finding = templated(&table, 0, "bob");
    finding.says = Says::fixed("plain words", vec!["one".to_owned(), "two".to_owned()]);
    finding.severity = Severity::Error;
    finding.location = None;
    finding.cause = None;
    finding.subjects = Subjects::new();
    if let Some(events) = &mut finding.events {
        events.first_seen = None;
        events.user_names.clear();
    }
    assert_eq!(round_trip(&finding, 0, &table), finding);
    finding.events = None;
    finding.severity = Severity::Info;
    let back = round_trip(&finding, 0, &table);
    assert_eq!(back, finding);
    assert_eq!(back.severity, Severity::Info);
}

#[test]
fn a_finding_that_is_not_its_rules_is_not_written() {
    let table = table();
    let mut out = Vec::new();
    let finding = templated(&table, 0, "ann");
    assert_eq!(
        encode(&finding, 1, &table, &mut out),
        None,
        "another rule's"
    );
    assert_eq!(encode(&finding, 9, &table, &mut out), None, "no such rule");
    let mut retitled = finding.clone();
    retitled.title = "changed".into();
    assert_eq!(encode(&retitled, 0, &table, &mut out), None);
    let mut reworded = finding;
    if let Says::Templated { wording, .. } = &mut reworded.says {
        *wording = Arc::new(Box::new(Echo(Vec::new())));
    }
    assert_eq!(encode(&reworded, 0, &table, &mut out), None);
    assert!(out.is_empty(), "nothing is written for a finding refused");
}

#[test]
fn texts_read_back_are_shared_between_findings() {
    let table = table();
    let mut decoder = Decoder::new(&table);
    let mut read = |f: &Finding| {
        let mut bytes = Vec::new();
        assert!(encode(f, 0, &table, &mut bytes).is_some());
        decoder.decode(&bytes).unwrap_or_else(|e| panic!("{e}"))
    };
    let (a, b) = (
        read(&templated(&table, 0, "ann")),
        read(&templated(&table, 0, "ann")),
    );
    let user = |f: &Finding| match &f.says {
        Says::Templated { values, .. } => match &values[0].1 {
            Held::Text(text) => Arc::clone(text),
            Held::Json(_) => panic!("a text was kept"),
        },
        Says::Fixed(_) => panic!("templated"),
    };
    assert!(Arc::ptr_eq(&user(&a), &user(&b)));
    let names = |f: &Finding| {
        f.events
            .as_ref()
            .map(|e| e.user_names.clone())
            .unwrap_or_default()
    };
    assert!(
        Arc::ptr_eq(&names(&a)[0], &user(&a)),
        "a value and a user name"
    );
    let path = |f: &Finding| f.location.as_ref().map(|l| Arc::clone(&l.path));
    assert!(matches!((path(&a), path(&b)), (Some(x), Some(y)) if Arc::ptr_eq(&x, &y)));
}

#[test]
fn cut_or_spoiled_records_are_errors_not_panics() {
    let table = table();
    let mut bytes = Vec::new();
    assert!(encode(&templated(&table, 1, "ann"), 1, &table, &mut bytes).is_some());
    let mut decoder = Decoder::new(&table);
    for end in 0..bytes.len() {
        let cut = bytes.get(..end).unwrap_or_default();
        assert!(decoder.decode(cut).is_err(), "cut at {end}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        decoder.decode(&longer).err(),
        Some(invalid("bytes past its end"))
    );
    for at in 0..bytes.len() {
        let mut spoiled = bytes.clone();
        spoiled[at] ^= 0xff;
        let _ = decoder.decode(&spoiled);
    }
    let mut unknown_rule = Vec::new();
    put_number(&mut unknown_rule, 7);
    assert_eq!(
        decoder.decode(&unknown_rule).err(),
        Some(invalid("a rule out of range"))
    );
}
