//! Integers as `api/openapi.yaml` means them. JSON Schema's `integer` is a number without a
//! fractional part however it is written (`5`, `5.0`, `5e0`), so a client's JSON library may
//! write either; serde's integers take only the first spelling. The integers of request bodies
//! are read with [`whole`] instead, which takes every spelling of a whole number in range and
//! still refuses `5.5`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;

/// A whole number of `T`'s range, however the JSON writes it.
pub fn whole<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    deserializer.deserialize_any(WholeVisitor(PhantomData))
}

/// [`whole`], or null.
pub fn whole_or_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i128>,
{
    Ok(Option::<Whole<T>>::deserialize(deserializer)?.map(|Whole(value)| value))
}

/// A `T` read by [`whole`].
struct Whole<T>(T);

impl<'de, T: TryFrom<i128>> Deserialize<'de> for Whole<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        whole(deserializer).map(Whole)
    }
}

struct WholeVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i128>> WholeVisitor<T> {
    fn fit<E: de::Error>(&self, value: i128, unexpected: Unexpected<'_>) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(unexpected, self))
    }
}

impl<T: TryFrom<i128>> Visitor<'_> for WholeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number that fits {}", std::any::type_name::<T>())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.fit(v.into(), Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.fit(v.into(), Unexpected::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        // Every f64 this large is whole, and none fits the types read here.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e30 {
            self.fit(v as i128, Unexpected::Float(v))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        #[serde(deserialize_with = "whole")]
        count: u32,
        #[serde(default, deserialize_with = "whole_or_null")]
        status: Option<u16>,
    }

    fn read(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn every_spelling_of_a_whole_number_is_read_and_fractions_are_not() {
        for json in [r#"{"count": 5}"#, r#"{"count": 5.0}"#, r#"{"count": 5e0}"#, r#"{"count": 0.5e1}"#] {
            assert_eq!(read(json), Ok(Sample { count: 5, status: None }), "{json}");
        }
        assert_eq!(read(r#"{"count": 5, "status": 503.0}"#), Ok(Sample { count: 5, status: Some(503) }));
        assert_eq!(read(r#"{"count": 5, "status": null}"#), Ok(Sample { count: 5, status: None }));
        for json in [
            r#"{"count": 5.5}"#,
            r#"{"count": -1}"#,
            r#"{"count": 4294967296}"#,
            r#"{"count": 1e20}"#,
            r#"{"count": "5"}"#,
            r#"{"count": null}"#,
            r#"{"count": 5, "status": 70000}"#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }
}
