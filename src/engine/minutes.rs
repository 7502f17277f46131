//! The minutes at which a group counted in time saw its records, kept in room that does
//! not grow with the length of the log where the rule does not need it to.
//!
//! A `gap` rule only asks for silences longer than its limit, so minutes closer together
//! than that are joined into one span: a provider seen every minute for a year is one
//! span, not half a million entries. A `within` rule needs the count of every minute
//! (spans of one minute). Minutes are noted as they come, in any order (workers read
//! pieces of a log side by side, and some logs are written newest first), and sorted in
//! now and then, so each record costs a push and a share of a sort.

use crate::wire::{invalid, put_count, put_number, put_signed, Input, WireError};

/// One stretch of active minutes, `first..=last`, and how many records fell in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub first: i64,
    pub last: i64,
    pub count: u64,
}

#[derive(Debug, Clone)]
pub(super) struct Minutes {
    /// Sorted, and apart by more than `join` minutes.
    spans: Vec<Span>,
    /// Minutes noted since the last sort, with their counts; the last is the one being
    /// counted (records come in runs of one minute).
    noted: Vec<(i64, u64)>,
    /// Spans at most this many minutes apart are one span (0: only the same minute).
    join: i64,
}

/// Minutes noted before they are sorted in: at least this many, or as many as there
/// are spans, so sorting costs a few steps per record.
const NOTED_AT_LEAST: usize = 1024;

impl Minutes {
    /// `join` as for [`Minutes::join`]; negative is taken as 0.
    pub(super) fn new(join: i64) -> Self {
        Self {
            spans: Vec::new(),
            noted: Vec::new(),
            join: join.max(0),
        }
    }

    /// Count one record in `minute`.
    pub(super) fn count(&mut self, minute: i64) {
        match self.noted.last_mut() {
            Some((last, n)) if *last == minute => *n += 1,
            _ => {
                if self.noted.len() >= NOTED_AT_LEAST.max(self.spans.len()) {
                    self.sort_in();
                }
                self.noted.push((minute, 1));
            }
        }
    }

    /// Take in everything `other` counted.
    pub(super) fn absorb(&mut self, mut other: Self) {
        other.sort_in();
        self.sort_in();
        // The longer list takes in the shorter.
        if other.spans.len() > self.spans.len() {
            std::mem::swap(&mut self.spans, &mut other.spans);
        }
        self.merge(other.spans.into_iter());
    }

    /// The spans, sorted: everything noted is sorted in first.
    pub(super) fn spans(&mut self) -> &[Span] {
        self.sort_in();
        &self.spans
    }

    fn sort_in(&mut self) {
        if self.noted.is_empty() {
            return;
        }
        let mut noted = std::mem::take(&mut self.noted);
        noted.sort_unstable_by_key(|&(minute, _)| minute);
        self.merge(noted.iter().map(|&(minute, count)| Span {
            first: minute,
            last: minute,
            count,
        }));
        noted.clear();
        self.noted = noted;
    }

    /// Merge the sorted `new` spans into the spans, in their own list: it grows by
    /// `new`'s length and is filled from its end, the later of two spans first, so no
    /// second list is made. A `within` rule's group of a long log holds a span for every
    /// minute (130,000 for 90 days); building a new list at each merge held the old and
    /// the new at once, and the allocator kept several freed ones resident a moment
    /// longer (`docs/performance.md`, "Seventeenth round").
    fn merge(&mut self, new: impl DoubleEndedIterator<Item = Span> + ExactSizeIterator) {
        let mut old = self.spans.len();
        let mut new = new.rev().peekable();
        let filler = Span {
            first: 0,
            last: 0,
            count: 0,
        };
        self.spans.resize(old + new.len(), filler);
        for at in (0..self.spans.len()).rev() {
            let last_old = old.checked_sub(1).and_then(|i| self.spans.get(i));
            let take_new = match (last_old, new.peek()) {
                // On the same first minute, the old span stays first.
                (Some(a), Some(b)) => a.first <= b.first,
                (None, Some(_)) => true,
                // The old spans left are where they belong.
                (_, None) => break,
            };
            let span = if take_new {
                new.next()
            } else {
                old -= 1;
                self.spans.get(old).copied()
            };
            if let (Some(span), Some(slot)) = (span, self.spans.get_mut(at)) {
                *slot = span;
            }
        }
        self.join_close();
    }

    /// Join neighbouring spans at most `join` minutes apart, in place.
    fn join_close(&mut self) {
        let mut kept = 0usize;
        for at in 0..self.spans.len() {
            let Some(&span) = self.spans.get(at) else {
                break;
            };
            match kept.checked_sub(1).and_then(|i| self.spans.get_mut(i)) {
                Some(last) if span.first - last.last <= self.join => {
                    last.last = last.last.max(span.last);
                    last.count += span.count;
                }
                _ => {
                    if let Some(slot) = self.spans.get_mut(kept) {
                        *slot = span;
                    }
                    kept += 1;
                }
            }
        }
        self.spans.truncate(kept);
        self.spans.shrink_to(kept * 2);
    }
}

impl Minutes {
    /// About how many bytes the spans and noted minutes take.
    pub(super) fn weight(&self) -> usize {
        self.spans.capacity() * std::mem::size_of::<Span>()
            + self.noted.capacity() * std::mem::size_of::<(i64, u64)>()
    }

    /// Append the minutes to `out` (everything noted is sorted in first): the join, then
    /// each span as its distance from the last (its start from the last span's end),
    /// its length and its count.
    pub(super) fn encode(&mut self, out: &mut Vec<u8>) {
        self.sort_in();
        put_signed(out, self.join);
        put_count(out, self.spans.len());
        let mut last = 0i64;
        for span in &self.spans {
            put_signed(out, span.first.saturating_sub(last));
            put_signed(out, span.last.saturating_sub(span.first));
            put_number(out, span.count);
            last = span.last;
        }
    }

    /// The minutes [`Minutes::encode`] wrote.
    pub(super) fn decode(input: &mut Input<'_>) -> Result<Self, WireError> {
        let join = input.signed()?;
        let count = input.count(3)?;
        let mut spans = Vec::with_capacity(count);
        let mut last = 0i64;
        for _ in 0..count {
            let first = last.saturating_add(input.signed()?);
            let end = first.saturating_add(input.signed()?);
            let span = Span {
                first,
                last: end,
                count: input.number()?,
            };
            // Spans are written sorted and apart; anything else was not written here.
            if end < first
                || spans
                    .last()
                    .is_some_and(|p: &Span| first.saturating_sub(p.last) <= join)
            {
                return Err(invalid("minutes out of order"));
            }
            spans.push(span);
            last = end;
        }
        Ok(Self {
            spans,
            noted: Vec::new(),
            join: join.max(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(m: &mut Minutes) -> Vec<(i64, i64, u64)> {
        m.spans()
            .iter()
            .map(|s| (s.first, s.last, s.count))
            .collect()
    }

    #[test]
    fn minutes_in_any_order_are_counted_per_minute() {
        let mut m = Minutes::new(0);
        for minute in [5, 3, 3, 9, 5, 5, 1] {
            m.count(minute);
        }
        assert_eq!(
            spans(&mut m),
            vec![(1, 1, 1), (3, 3, 2), (5, 5, 3), (9, 9, 1)]
        );
    }

    #[test]
    fn close_minutes_join_into_one_span_and_far_ones_stay_apart() {
        let mut m = Minutes::new(10);
        for minute in (0..5000).rev().map(|i| i * 3) {
            m.count(minute);
        }
        m.count(20_000);
        assert_eq!(spans(&mut m), vec![(0, 14_997, 5000), (20_000, 20_000, 1)]);
        assert!(
            m.spans.capacity() < 64,
            "a joined run keeps no per-minute room"
        );
    }

    #[test]
    fn absorbing_keeps_both_ends_of_a_joined_span() {
        let mut a = Minutes::new(10);
        a.count(100);
        let mut b = Minutes::new(10);
        for minute in [0, 5, 14, 23, 50] {
            b.count(minute);
        }
        a.absorb(b);
        assert_eq!(spans(&mut a), vec![(0, 23, 4), (50, 50, 1), (100, 100, 1)]);
    }

    #[test]
    fn many_minutes_sort_in_as_they_come() {
        let mut m = Minutes::new(0);
        for i in 0..10_000i64 {
            m.count((i * 7919) % 10_007);
        }
        let s = spans(&mut m);
        assert_eq!(s.len(), 10_000);
        assert!(s.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(s.iter().map(|s| s.2).sum::<u64>(), 10_000);
    }

    /// What the spans must be: every minute counted, then neighbours at most `join`
    /// apart joined, the plain way.
    fn model(minutes: &[i64], join: i64) -> Vec<(i64, i64, u64)> {
        let mut per_minute = std::collections::BTreeMap::new();
        for &m in minutes {
            *per_minute.entry(m).or_insert(0u64) += 1;
        }
        let mut out: Vec<(i64, i64, u64)> = Vec::new();
        for (m, n) in per_minute {
            match out.last_mut() {
                Some(last) if m - last.1 <= join => {
                    last.1 = m;
                    last.2 += n;
                }
                _ => out.push((m, m, n)),
            }
        }
        out
    }

    #[test]
    fn absorbing_either_way_round_gives_the_spans_of_every_minute_counted_once() {
        // Two groups with interleaved, overlapping and shared minutes, of very different
        // sizes, so both the longer and the shorter list take the other in.
        let big: Vec<i64> = (0..5_000i64).map(|i| (i * 7919) % 6_007).collect();
        let small: Vec<i64> = (0..300i64).map(|i| (i * 31) % 6_500 - 100).collect();
        for join in [0, 1, 5] {
            let all: Vec<i64> = big.iter().chain(&small).copied().collect();
            let expected = model(&all, join);
            for (first, second) in [(&big, &small), (&small, &big)] {
                let (mut a, mut b) = (Minutes::new(join), Minutes::new(join));
                first.iter().for_each(|&m| a.count(m));
                second.iter().for_each(|&m| b.count(m));
                a.absorb(b);
                assert_eq!(spans(&mut a), expected, "join {join}");
            }
        }
    }
}
