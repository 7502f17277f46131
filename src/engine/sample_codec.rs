//! A group's sample and users as bytes and back (the format is `crate::wire`'s), and
//! about how much memory they hold, for the bound on groups kept in memory.

use super::{Hashes, Kept, Many, Names, Sample, Users, KEPT_USERS};
use crate::model::Location;
use crate::wire::{invalid, put_count, put_number, put_text, Input, WireError};
use std::mem::size_of;

/// A value kept as JSON (not a text): about what its box and contents take.
const OTHER_WEIGHT: usize = 64;

impl Sample {
    /// About how many bytes the sample holds beyond its group (texts are shared).
    pub(in crate::engine) fn weight(&self) -> usize {
        let others = self.values.iter();
        let others = others.filter(|kept| matches!(kept, Kept::Other(_))).count();
        self.values.len() * size_of::<Kept>() + others * OTHER_WEIGHT
    }

    /// Append the sample: its place first, then its values, so that a reader can learn
    /// which of a key's examples is the earliest and decode the values of that one only.
    pub(in crate::engine) fn encode(&self, out: &mut Vec<u8>) {
        match &self.location {
            None => out.push(0),
            Some(at) => {
                out.push(1);
                put_text(out, &at.path);
                put_number(out, u64::from(at.line));
                put_number(out, u64::from(at.column));
            }
        }
        put_count(out, self.values.len());
        for kept in &*self.values {
            match kept {
                Kept::Nothing => out.push(0),
                Kept::Text(text) => {
                    out.push(1);
                    put_text(out, text);
                }
                Kept::Other(value) => {
                    out.push(2);
                    put_text(out, &value.to_string());
                }
            }
        }
    }

    /// The place of a sample [`Sample::encode`] wrote, as a sample without values (read
    /// them with [`Sample::decode_values`]).
    pub(in crate::engine) fn decode_place(
        input: &mut Input<'_>,
        names: &mut Names,
    ) -> Result<Self, WireError> {
        let location = match input.byte()? {
            0 => None,
            1 => {
                let path = names.get(input.text()?);
                Some(Location::new(path, input.small()?, input.small()?))
            }
            _ => return Err(invalid("an unknown kind of place")),
        };
        Ok(Self {
            values: Box::default(),
            location,
        })
    }

    /// The values of a sample [`Sample::encode`] wrote, after its place; texts shared
    /// through `names`.
    pub(in crate::engine) fn decode_values(
        &mut self,
        input: &mut Input<'_>,
        names: &mut Names,
    ) -> Result<(), WireError> {
        let count = input.count(1)?;
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            values.push(match input.byte()? {
                0 => Kept::Nothing,
                1 => Kept::Text(names.get(input.text()?)),
                2 => {
                    let value = serde_json::from_str(input.text()?)
                        .map_err(|_| invalid("a value that is not JSON"))?;
                    Kept::Other(Box::new(value))
                }
                _ => return Err(invalid("an unknown kind of value")),
            });
        }
        self.values = values.into_boxed_slice();
        Ok(())
    }
}

impl Users {
    /// About how many bytes the users hold beyond their group (names are shared).
    pub(in crate::engine) fn weight(&self) -> usize {
        match self {
            Users::None | Users::One(_) => 0,
            Users::Many(many) => {
                let hashes = many.distinct.sorted.capacity() + many.distinct.pending.capacity();
                size_of::<Many>() + hashes * size_of::<u64>() + many.smallest.capacity() * 16
            }
        }
    }

    /// Append the users: none, one name, or the hashes of many (sorted) and the smallest
    /// names.
    pub(in crate::engine) fn encode(&mut self, out: &mut Vec<u8>) {
        match self {
            Users::None => out.push(0),
            Users::One(user) => {
                out.push(1);
                put_text(out, user);
            }
            Users::Many(many) => {
                out.push(2);
                many.distinct.sort_in();
                put_count(out, many.distinct.sorted.len());
                for hash in &many.distinct.sorted {
                    out.extend_from_slice(&hash.to_le_bytes());
                }
                put_count(out, many.smallest.len());
                for user in &many.smallest {
                    put_text(out, user);
                }
            }
        }
    }

    /// The users [`Users::encode`] wrote, their names shared through `names`.
    pub(in crate::engine) fn decode(
        input: &mut Input<'_>,
        names: &mut Names,
    ) -> Result<Self, WireError> {
        match input.byte()? {
            0 => Ok(Users::None),
            1 => Ok(Users::One(names.get(input.text()?))),
            2 => {
                let count = input.count(size_of::<u64>())?;
                let mut sorted = Vec::with_capacity(count);
                for _ in 0..count {
                    sorted.push(u64::from_le_bytes(input.array()?));
                }
                let kept = input.count(1)?;
                let mut smallest = Vec::with_capacity(kept);
                for _ in 0..kept {
                    smallest.push(names.get(input.text()?));
                }
                let ascending = |a: &[u64]| a.windows(2).all(|w| w[0] < w[1]);
                let in_order = smallest.windows(2).all(|w| w[0] < w[1]);
                if !ascending(&sorted) || !in_order || kept > KEPT_USERS {
                    return Err(invalid("users out of order"));
                }
                let distinct = Hashes {
                    sorted,
                    pending: Vec::new(),
                };
                Ok(Users::Many(Box::new(Many { distinct, smallest })))
            }
            _ => Err(invalid("an unknown kind of users")),
        }
    }
}
