//! A large JSON lines file of SCIM pages is read one page at a time: the outcome is the
//! one a whole read gives, and the memory it takes beyond the records it keeps is about
//! one page, not the file. This file holds one test, alone in its binary, because it
//! counts every allocation of the process.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
// tests state their expectations this way
// The one way to count what a read allocates is a global allocator, which is unsafe to
// write; this one only forwards to the system allocator and counts.
#![allow(unsafe_code)]

use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use synclint::input::{load_file_with, load_text_with, Limits};

/// The system allocator, counting the bytes in use and the most ever in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let at = unsafe { System.alloc(layout) };
        if !at.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        at
    }

    unsafe fn dealloc(&self, at: *mut u8, layout: Layout) {
        unsafe { System.dealloc(at, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// One page of a SCIM listing of `total` users, holding users `first..first + count`,
/// with a Group among them on the first page (a ListResponse may mix them).
fn page(first: usize, count: usize, total: usize) -> Value {
    let mut resources: Vec<Value> = (first..first + count)
        .map(|n| {
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                   "id": format!("u-{n:06}"), "userName": format!("user{n}@example.org"),
                   "name": {"givenName": "Sam", "familyName": format!("Example{n}")},
                   "emails": [{"value": format!("user{n}@example.org"), "primary": true}],
                   "active": n % 7 != 0, "title": "Analyst"})
        })
        .collect();
    if first == 1 {
        resources.push(
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                              "id": "g-1", "displayName": "Incydr Users",
                              "members": [{"value": "u-000001"}]}),
        );
    }
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
           "totalResults": total, "startIndex": first, "itemsPerPage": count,
           "Resources": resources})
}

/// The bytes of a JSON lines file of `pages` pages of `per_page` users, with a line that
/// is not JSON, a user without a `userName`, a CRLF line end and invalid UTF-8 in a name.
fn pages_file(pages: usize, per_page: usize) -> Vec<u8> {
    let total = pages * per_page;
    let mut out = Vec::new();
    for p in 0..pages {
        let mut page = page(p * per_page + 1, per_page, total);
        if p == 3 {
            page["Resources"][2]
                .as_object_mut()
                .unwrap()
                .remove("userName");
        }
        let mut line = page.to_string().into_bytes();
        if p == 5 {
            let at = line.windows(7).position(|w| w == b"Example").unwrap();
            line.splice(at..at + 1, [0xC3, 0x28]);
        }
        out.extend(line);
        out.extend_from_slice(if p == 2 { b"\r\n" } else { b"\n" });
        if p == 4 {
            out.extend_from_slice(b"{\"Resources\": [ broken\n");
        }
    }
    out
}

#[test]
fn a_large_file_of_pages_is_read_page_by_page_with_the_outcome_of_a_whole_read() {
    let bytes = pages_file(800, 40);
    let size = bytes.len();
    assert!(size > 6 * 1024 * 1024, "{size} bytes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.jsonl");
    std::fs::write(&path, &bytes).unwrap();
    let limits = Limits::default();

    let whole = load_text_with(&bytes, "users.jsonl", None, &limits).unwrap();
    drop(bytes);
    assert_eq!(whole.records.len(), 800 * 40 - 1);
    assert_eq!(whole.also.len(), 1, "the Group is filed as a group");
    assert_eq!(whole.page, None, "every page is in the file");
    let reasons: Vec<&str> = whole.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons.contains(&"no userName"), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.starts_with("invalid JSON")),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"warning: invalid UTF-8 replaced"),
        "{reasons:?}"
    );

    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let streamed = load_file_with(&path, "users.jsonl", None, &limits).unwrap();
    let kept = IN_USE.load(Ordering::Relaxed);
    let beyond = PEAK.load(Ordering::Relaxed).saturating_sub(kept);
    assert_eq!(
        streamed, whole,
        "the same records, notes, places and paging"
    );
    // A whole read holds the file's text while its records are made, so it takes at
    // least the file's size beyond what it keeps; one page is about 1/800 of it.
    assert!(
        beyond < size / 4,
        "{beyond} bytes beyond the {} kept, for a file of {size} bytes",
        kept.saturating_sub(before)
    );
}
