//! What `learn` takes from events and snapshots.

use super::*;
use crate::model::event::Raw;
use crate::redact::Kind;
use serde_json::json;

fn learned(raw: Value) -> Names {
    let mut names = Names::default();
    event(&mut names, &EventRecord::new(Raw::value(raw), None));
    names
}

#[test]
fn an_okta_event_gives_its_user_targets_and_actor_not_its_app() {
    let names = learned(json!({
        "actor": {"id": "00uadm", "type": "User", "alternateId": "pat@corp.example", "displayName": "Pat Quinlan"},
        "target": [
            {"id": "00uzoe", "type": "User", "alternateId": "zoe@corp.example", "displayName": "Zoë"},
            {"id": "0oaapp", "type": "AppInstance", "alternateId": "Code42", "displayName": "Code42"}
        ]
    }));
    for whole in [
        "00uadm",
        "pat@corp.example",
        "Pat Quinlan",
        "00uzoe",
        "zoe@corp.example",
    ] {
        assert_eq!(names.person_kind(whole), Some(Kind::Whole), "{whole}");
    }
    assert_eq!(names.person_kind("ZOË"), Some(Kind::Part));
    assert_eq!(names.person_kind("Code42"), None);
    assert_eq!(names.person_kind("0oaapp"), None);
}

/// Okta names the person only through an `AppUser` target when the event is about the
/// app's account (a profile push that failed): that name is a person's too.
#[test]
fn an_okta_app_user_target_is_a_person() {
    let names = learned(json!({
        "actor": {"id": "0oaapp", "type": "PublicClientApp", "alternateId": "Code42 Incydr", "displayName": "Code42 Incydr"},
        "target": [
            {"id": "0oaapp", "type": "AppInstance", "alternateId": "Code42 Incydr", "displayName": "Code42"},
            {"id": "0ua1rob", "type": "AppUser", "alternateId": "rsmith", "displayName": "Robert Smith"}
        ]
    }));
    for whole in ["0ua1rob", "rsmith", "Robert Smith"] {
        assert_eq!(names.person_kind(whole), Some(Kind::Whole), "{whole}");
    }
    assert_eq!(names.person_kind("Code42 Incydr"), None);
    assert_eq!(names.person_kind("Code42"), None);
}

#[test]
fn an_entra_event_gives_its_user_identities_and_their_details() {
    let names = learned(json!({
        "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
        "sourceIdentity": {"id": "src-1", "displayName": "Lab One", "identityType": "User",
            "details": {"UserPrincipalName": "lab.one@corp.example"}},
        "targetIdentity": {"id": "tgt-1", "displayName": "",
            "identityType": "urn:ietf:params:scim:schemas:core:2.0:User", "details": {}},
        "servicePrincipal": {"id": "sp-code42", "displayName": "Code42"}
    }));
    for whole in ["src-1", "Lab One", "lab.one@corp.example", "tgt-1"] {
        assert_eq!(names.person_kind(whole), Some(Kind::Whole), "{whole}");
    }
    assert_eq!(names.person_kind("Azure AD Provisioning Service"), None);
    assert_eq!(names.person_kind("Code42"), None);
}

#[test]
fn a_scim_user_gives_every_name_and_email_and_keeps_its_organization() {
    let mut sets = Datasets::new();
    let user = json!({"id": "00u1", "userName": "ann", "displayName": "Ann Lee",
        "givenName": "Ann", "familyName": "Lee", "email": "ann@corp.example",
        "enterprise": {"organization": "Acme Corp", "department": "Sales"},
        "raw": {"nickName": "Nan", "name": {"formatted": "Dr. Ann B. Lee", "middleName": "Beth"},
            "emails": [{"value": "ann@corp.example"}, {"value": "a.lee@home.example"}]}});
    sets.extend(
        dataset::IDP_USERS,
        vec![crate::model::Record {
            value: user,
            location: None,
            field_locations: None,
        }],
    );
    let mut names = Names::default();
    datasets(&mut names, &sets);
    for whole in [
        "00u1",
        "ann",
        "Ann Lee",
        "ann@corp.example",
        "a.lee@home.example",
        "Dr. Ann B. Lee",
    ] {
        assert_eq!(names.person_kind(whole), Some(Kind::Whole), "{whole}");
    }
    for part in ["Lee", "Nan", "Beth"] {
        assert_eq!(names.person_kind(part), Some(Kind::Part), "{part}");
    }
    assert!(names.kept.contains("acme corp") && names.kept.contains("sales"));
}

#[test]
fn keys_are_found_however_an_export_spells_them() {
    let mut sets = Datasets::new();
    let user = json!({"user_name": "bodil", "First_Name": "Bodil", "last-name": "Lindqvist",
        "legacy_user_id": 1_048_576});
    sets.extend(
        dataset::CONSOLE_USERS,
        vec![crate::model::Record {
            value: user,
            location: None,
            field_locations: None,
        }],
    );
    let mut names = Names::default();
    datasets(&mut names, &sets);
    assert_eq!(names.person_kind("Lindqvist"), Some(Kind::Part));
    assert_eq!(names.person_kind("1048576"), Some(Kind::Whole));
}

#[test]
fn an_events_group_role_and_organization_are_kept() {
    let mut record = EventRecord::new(Raw::value(json!({})), None);
    let slot = |name| {
        crate::model::EVENT_FIELDS
            .iter()
            .position(|f| *f == name)
            .unwrap()
    };
    record.set(slot("user"), "ann@corp.example".to_owned());
    record.set(slot("group"), "Sales".to_owned());
    let mut names = Names::default();
    event(&mut names, &record);
    assert_eq!(names.person_kind("ann@corp.example"), Some(Kind::Whole));
    assert!(names.kept.contains("sales"));
}

#[test]
fn the_values_of_one_record_or_identity_are_one_persons() {
    let mut names = learned(json!({
        "target": [{"id": "00uzoe", "type": "User", "alternateId": "zoe@corp.example", "displayName": "Zoë Brandt"}],
        "actor": {"id": "00upat", "type": "User", "alternateId": "pat@corp.example", "displayName": "Pat Quinlan"}
    }));
    let mut sets = Datasets::new();
    let user = json!({"id": "u-zoe", "userName": "zbrandt", "email": "ZOE@corp.example",
        "givenName": "Zoë", "familyName": "Brandt"});
    sets.extend(
        dataset::CONSOLE_USERS,
        vec![crate::model::Record {
            value: user,
            location: None,
            field_locations: None,
        }],
    );
    datasets(&mut names, &sets);
    let r = crate::redact::Redactor::new(Some("k"), &names).unwrap();
    let zoe = r.stem_of("00uzoe");
    assert!(zoe.is_some());
    for value in [
        "zoe@corp.example",
        "Zoë Brandt",
        "u-zoe",
        "zbrandt",
        "Brandt",
        "zoë",
    ] {
        assert_eq!(r.stem_of(value), zoe, "{value}");
    }
    assert!(r.stem_of("Pat Quinlan").is_some());
    assert_ne!(r.stem_of("Pat Quinlan"), zoe, "the actor is another person");
}
