//! A group as bytes and back (the format is `crate::wire`'s), and about how much
//! memory it holds, for the bound on the groups kept in memory (`engine::overflow`).

use super::super::minutes::Minutes;
use super::super::sample::{Names, Sample, Users};
use super::{FastSet, Group};
use crate::wire::{invalid, put_count, put_number, put_text, put_time, Input, WireError};
use std::mem::size_of;

/// What a group's place in its table takes: the key and box, a control byte, and the
/// room a table keeps free.
const TABLE_SLOT: usize = 48;

/// About what a distinct value takes in its set: the `String`, its text and free room.
const DISTINCT_VALUE: usize = 48;

impl Group {
    /// About how many bytes the group holds, with its place in its table. Texts shared
    /// through [`Names`] are not counted. Cheap: it reads sizes, never walks a list.
    pub(in crate::engine) fn weight(&self) -> usize {
        size_of::<Self>() + TABLE_SLOT + self.sample.weight() + self.counts_weight()
    }

    /// The weight of what counting grows: the users, distinct values and minutes.
    pub(in crate::engine) fn counts_weight(&self) -> usize {
        let distinct = self.distinct.as_ref();
        self.users.weight()
            + distinct.map_or(0, |d| d.capacity() * DISTINCT_VALUE)
            + self.timed.as_ref().map_or(0, |t| t.weight())
    }

    /// Append the group to `out` (minutes and users noted are sorted in first, hence
    /// `&mut`; what the group counts is unchanged).
    pub(in crate::engine) fn encode(&mut self, out: &mut Vec<u8>) {
        put_number(out, self.count);
        put_time(out, self.first);
        put_time(out, self.last);
        self.users.encode(out);
        match &self.distinct {
            None => out.push(0),
            Some(values) => {
                out.push(1);
                put_count(out, values.len());
                for value in values.iter() {
                    put_text(out, value);
                }
            }
        }
        match &mut self.timed {
            None => out.push(0),
            Some(minutes) => {
                out.push(1);
                minutes.encode(out);
            }
        }
        self.sample.encode(out);
    }

    /// The group [`Group::encode`] wrote, its texts shared through `names`.
    pub(in crate::engine) fn decode(
        input: &mut Input<'_>,
        names: &mut Names,
    ) -> Result<Self, WireError> {
        let mut group = Self::decode_head(input, names)?;
        group.sample.decode_values(input, names)?;
        Ok(group)
    }

    /// As [`Group::decode`], but the values of its example are left unread: they are
    /// what `input` holds after it (read them with `Sample::decode_values`).
    pub(in crate::engine) fn decode_head(
        input: &mut Input<'_>,
        names: &mut Names,
    ) -> Result<Self, WireError> {
        let count = input.number()?;
        let first = input.time()?;
        let last = input.time()?;
        let users = Users::decode(input, names)?;
        let distinct = match input.byte()? {
            0 => None,
            1 => {
                let n = input.count(1)?;
                let mut values = FastSet::with_capacity_and_hasher(n, Default::default());
                for _ in 0..n {
                    values.insert(input.text()?.to_owned());
                }
                Some(Box::new(values))
            }
            _ => return Err(invalid("an unknown kind of distinct values")),
        };
        let timed = match input.byte()? {
            0 => None,
            1 => Some(Box::new(Minutes::decode(input)?)),
            _ => return Err(invalid("an unknown kind of minutes")),
        };
        let sample = Sample::decode_place(input, names)?;
        Ok(Self {
            count,
            first,
            last,
            users,
            distinct,
            timed,
            sample,
        })
    }
}
