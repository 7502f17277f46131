//! What a finding keeps is allocated once, at exactly its size: its subjects and the
//! values its wording reads. A list collected with room to spare and shrunk afterwards
//! stays in its first, larger block under mimalloc (which shrinks in place down to half a
//! block), and tens of thousands of findings made that room most of what they held.
//!
//! This binary counts the allocations of the thread that runs the test, through an
//! allocator that wraps the system one.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way
#![allow(unsafe_code)] // a counting allocator is an `unsafe impl`

use serde_json::json;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;
use synclint::finding::{Held, Says, Subjects};
use synclint::rules::template::Template;
use synclint::rules::wording::RuleWording;

struct Counting;

thread_local! {
    /// Allocations, reallocations and bytes live, made by this thread.
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static REALLOCS: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn add(counter: &'static std::thread::LocalKey<Cell<usize>>) {
    let _ = counter.try_with(|c| c.set(c.get() + 1));
}

fn live(change: isize) {
    let _ = LIVE.try_with(|c| c.set(c.get() + change));
}

fn size(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

// SAFETY: every call is passed on unchanged to the system allocator; the counters are
// thread-local cells that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(&ALLOCS);
        live(size(layout.size()));
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        live(-size(layout.size()));
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(&REALLOCS);
        live(size(new_size) - size(layout.size()));
        // SAFETY: as for `dealloc`, with the caller's new size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `make` allocated: (allocations, reallocations, bytes still live), and its value.
fn counted<T>(make: impl FnOnce() -> T) -> ((usize, usize, isize), T) {
    let get = || {
        (
            ALLOCS.with(Cell::get),
            REALLOCS.with(Cell::get),
            LIVE.with(Cell::get),
        )
    };
    let before = get();
    let made = make();
    let after = get();
    (
        (after.0 - before.0, after.1 - before.1, after.2 - before.2),
        made,
    )
}

fn wording() -> Arc<RuleWording> {
    let parse = |text: &str| Template::parse(text).expect("a template");
    Arc::new(RuleWording::new(
        parse(
            "{count} failed update(s) for `{user}` between {first_seen} and {last_seen}: {message}",
        ),
        vec![parse("Fix what `{message}` names, then push {user} again.")],
    ))
}

#[test]
fn kept_values_and_subjects_take_one_block_of_their_exact_size() {
    let wording = wording();
    let user: Arc<str> = "ann.lee@example.com".into();
    let message: Arc<str> = "Unable to update user's role".into();
    let record = json!({"user": &*user, "message": &*message, "source": "incydr"});
    let shared = |text: &str| {
        [&user, &message]
            .into_iter()
            .find(|t| &***t == text)
            .cloned()
    };

    // Two of the five fields the wording reads are in the record: one block of two
    // 24-byte places, sharing the texts, and nothing grown or shrunk to get there.
    let (cost, says) = counted(|| wording.says_of(&record, shared));
    assert_eq!(cost, (1, 0, 2 * 24), "the values the finding keeps");
    let Says::Templated { values, .. } = &says else {
        panic!("a rule's finding is templated");
    };
    assert!(matches!(&values[0].1, Held::Text(t) if Arc::ptr_eq(t, &user)));

    // A finding's subjects: one block for two, the names moved in, the kinds shared.
    let _ = Subjects::from([("user".to_owned(), String::new())]); // the kinds, made once
    let (role, name) = ("Desktop User".to_owned(), "ann.lee@example.com".to_owned());
    let (cost, mut subjects) = counted(|| {
        [("user", name), ("role", role)]
            .into_iter()
            .collect::<Subjects>()
    });
    assert_eq!(cost, (1, 0, 2 * 32), "the subjects of a finding");

    // Adding one makes a new block of the new size, again without growing one.
    let group = "Sales".to_owned();
    let (cost, _) = counted(|| subjects.insert("group".to_owned(), group));
    assert_eq!((cost.1, cost.2), (0, 32), "one more subject");
    let kinds: Vec<&String> = subjects.keys().collect();
    assert_eq!(kinds, ["group", "role", "user"]);
}
