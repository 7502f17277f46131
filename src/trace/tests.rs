//! Where the chain breaks, link by link, on made-up links.

use super::chain::broken;
use super::events::TraceEvent;
use super::{Console, Grant, Idp, Mapping};

fn idp(state: &str) -> Idp {
    Idp {
        present: state != "absent",
        state: state.into(),
        ..Idp::default()
    }
}

fn console(state: &str, roles: &[&str]) -> Console {
    Console {
        present: state != "absent",
        state: state.into(),
        roles: Some(roles.iter().map(|r| (*r).to_owned()).collect()),
        organization: Some("Engineering".into()),
        ..Console::default()
    }
}

fn mapping(roles: &[&str]) -> Mapping {
    Mapping {
        grants: roles
            .iter()
            .map(|r| Grant {
                group: Some("Staff".into()),
                role: (*r).to_owned(),
                available: Some(true),
                at: None,
            })
            .collect(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        organization: Some("Engineering".into()),
        organization_source: Some("group".into()),
        organization_available: Some(true),
        in_scope: true,
        ..Mapping::default()
    }
}

fn failed(action: &str) -> TraceEvent {
    TraceEvent {
        time: None,
        source: None,
        action: Some(action.into()),
        status: Some("failure".into()),
        message: Some("boom".into()),
        role: None,
        organization: None,
        at: None,
    }
}

fn link(b: Option<super::Break>) -> Option<String> {
    b.map(|b| b.link)
}

#[test]
fn a_chain_that_holds_has_no_break() {
    let m = mapping(&["desktop-user"]);
    assert_eq!(
        broken(
            &idp("active"),
            &m,
            &console("active", &["desktop-user"]),
            &[]
        ),
        None
    );
    assert_eq!(
        broken(&idp("inactive"), &m, &console("inactive", &[]), &[]),
        None
    );
    assert_eq!(
        broken(&idp("inactive"), &m, &console("absent", &[]), &[]),
        None
    );
}

#[test]
fn each_link_can_break() {
    let m = mapping(&["desktop-user"]);
    let ok = console("active", &["desktop-user"]);
    assert_eq!(
        link(broken(&idp("unknown"), &m, &ok, &[])).as_deref(),
        Some("idp")
    );
    let mut lacking = m.clone();
    lacking.unavailable_roles = vec!["security-center-user".into()];
    assert_eq!(
        link(broken(&idp("active"), &lacking, &ok, &[])).as_deref(),
        Some("mapping")
    );
    let mut gone = m.clone();
    gone.organization_available = Some(false);
    assert_eq!(
        link(broken(&idp("active"), &gone, &ok, &[])).as_deref(),
        Some("mapping")
    );
    let no_role = broken(&idp("active"), &mapping(&[]), &ok, &[]);
    assert!(no_role.is_some_and(|b| b.link == "mapping" && b.summary.contains("no mapping grants")));
    let absent = console("absent", &[]);
    let missing = broken(&idp("active"), &m, &absent, &[failed("create")]);
    assert!(
        missing
            .as_ref()
            .is_some_and(|b| b.link == "console" && b.summary.contains("1 create event(s) failed")),
        "{missing:?}"
    );
    assert_eq!(
        link(broken(
            &idp("active"),
            &m,
            &console("blocked", &["desktop-user"]),
            &[]
        ))
        .as_deref(),
        Some("console")
    );
    let moved = Console {
        organization: Some("Sales".into()),
        ..ok.clone()
    };
    assert_eq!(
        link(broken(&idp("active"), &m, &moved, &[])).as_deref(),
        Some("console")
    );
    let last = broken(&idp("active"), &m, &ok, &[failed("update")]);
    assert_eq!(link(last).as_deref(), Some("events"));
}

#[test]
fn a_local_console_account_is_not_a_break_but_an_unlisted_one_is() {
    let mut m = Mapping::default();
    let only = console("active", &["customer-cloud-admin"]);
    assert_eq!(
        link(broken(&idp("absent"), &m, &only, &[])).as_deref(),
        Some("idp")
    );
    m.local = Some(true);
    assert_eq!(broken(&idp("absent"), &m, &only, &[]), None);
}

#[test]
fn an_out_of_scope_user_breaks_only_with_an_active_console_account() {
    let mut m = mapping(&["desktop-user"]);
    m.in_scope = false;
    assert_eq!(
        broken(&idp("active"), &m, &console("absent", &[]), &[]),
        None
    );
    let b = broken(
        &idp("active"),
        &m,
        &console("active", &["desktop-user"]),
        &[],
    );
    assert_eq!(link(b).as_deref(), Some("mapping"));
}
