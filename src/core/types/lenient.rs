//! Lenient decoding helpers for the SDK's JSON, and the two macros that define its number types.
//!
//! Different SDK generations write the same value in different shapes: a number as a string
//! (`"2"`), a flag as `0`/`1` instead of `false`/`true`, `null` for an absent array, `{}` as an
//! empty placeholder for an array. Decoding accepts all of them; encoding always writes the 8.6
//! shape. Each pattern has exactly one helper here, used through
//! `#[serde(deserialize_with = "...")]`:
//!
//! - [`number`]: any integer or float field (`u64`, `i64`, `u32`, `i32`, `f64`);
//!   [`opt_number`] for an optional one.
//! - [`string`]: any string field (numbers and booleans are turned into their text);
//!   [`opt_string`] for an optional one.
//! - [`boolean`]: any boolean field.
//! - [`seq`]: any array field (`null`, `""` and `{}` mean empty, a lone value is a one-item array).
//!
//! `im_enum!` defines a numeric SDK enum with an `Unknown` variant that keeps a number it does
//! not know; `bit_flags!` defines a bit-flag newtype. Both decode numbers leniently through
//! [`NumberOrName`].

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// A number as it came off the wire, before it is narrowed to the field's type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// An integer (any JSON integer fits in `i128`).
    Int(i128),
    /// A number with a fractional part or an exponent.
    Float(f64),
}

/// A wire number, or a name where an SDK wrote an enum as a string (e.g. group type `"Public"`).
#[derive(Debug, Clone, PartialEq)]
pub enum NumberOrName {
    /// A number (from a JSON number, a boolean, or a numeric string).
    Number(Num),
    /// A non-numeric string.
    Name(String),
    /// `null` or an empty string: the field's default.
    Absent,
}

impl NumberOrName {
    /// The integer value, if this is an integer (or a float without a fractional part).
    pub fn as_int(&self) -> Option<i128> {
        match self {
            NumberOrName::Number(Num::Int(i)) => Some(*i),
            NumberOrName::Number(Num::Float(f)) if f.fract() == 0.0 && f.is_finite() => {
                Some(*f as i128)
            }
            _ => None,
        }
    }
}

struct NumberOrNameVisitor;

impl<'de> Visitor<'de> for NumberOrNameVisitor {
    type Value = NumberOrName;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a numeric string or a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(NumberOrName::Number(Num::Int(i128::from(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(NumberOrName::Number(Num::Int(i128::from(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(NumberOrName::Number(Num::Int(i128::from(v))))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(NumberOrName::Number(Num::Int(v)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        i128::try_from(v)
            .map(|i| NumberOrName::Number(Num::Int(i)))
            .map_err(|_| E::custom(format!("number {v} is too large")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(NumberOrName::Number(Num::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(NumberOrName::Absent);
        }
        if let Ok(i) = t.parse::<i128>() {
            return Ok(NumberOrName::Number(Num::Int(i)));
        }
        if let Ok(f) = t.parse::<f64>() {
            return Ok(NumberOrName::Number(Num::Float(f)));
        }
        match t {
            "true" => Ok(NumberOrName::Number(Num::Int(1))),
            "false" => Ok(NumberOrName::Number(Num::Int(0))),
            _ => Ok(NumberOrName::Name(t.to_owned())),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(NumberOrName::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(NumberOrName::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Deserialize<'de> for NumberOrName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberOrNameVisitor)
    }
}

/// A numeric field type that [`number`] can produce from a wire [`Num`].
pub trait FromNum: Sized + Default {
    /// Narrows the wire number, or `None` if it does not fit.
    fn from_num(n: Num) -> Option<Self>;
}

macro_rules! from_num_int {
    ($($t:ty),*) => {$(
        impl FromNum for $t {
            fn from_num(n: Num) -> Option<Self> {
                match n {
                    Num::Int(i) => <$t>::try_from(i).ok(),
                    Num::Float(f) if f.fract() == 0.0 && f.is_finite() => {
                        <$t>::try_from(f as i128).ok()
                    }
                    Num::Float(_) => None,
                }
            }
        }
    )*};
}

from_num_int!(i32, i64, u32, u64, u8, u16, i16);

impl FromNum for f64 {
    fn from_num(n: Num) -> Option<Self> {
        Some(match n {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        })
    }
}

/// Narrows a wire value to a number field; `None` when it was absent.
fn narrow<T: FromNum, E: de::Error>(raw: NumberOrName) -> Result<Option<T>, E> {
    match raw {
        NumberOrName::Absent => Ok(None),
        NumberOrName::Number(n) => T::from_num(n).map(Some).ok_or_else(|| {
            E::custom(format!(
                "number {n:?} does not fit in {}",
                std::any::type_name::<T>()
            ))
        }),
        NumberOrName::Name(s) => Err(E::custom(format!("expected a number, got {s:?}"))),
    }
}

/// Decodes a number field from a number, a numeric string, a boolean (0/1) or `null` (0).
pub fn number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromNum,
{
    Ok(narrow(NumberOrName::deserialize(d)?)?.unwrap_or_default())
}

/// Like [`number`], for an optional field: `null` and `""` decode as `None`.
pub fn opt_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromNum,
{
    narrow(NumberOrName::deserialize(d)?)
}

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Decodes a string field from a string, a number or boolean (their text), or `null` (`""`).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringVisitor)
}

/// Like [`string`], for an optional field: `null` decodes as `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Value>::deserialize(d)?
        .map(|v| string(v).map_err(de::Error::custom))
        .transpose()
}

/// Decodes a boolean field from a boolean, a number (non-zero is true), a string
/// (`"true"`/`"false"`/a number) or `null` (false).
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match NumberOrName::deserialize(d)? {
        NumberOrName::Absent => Ok(false),
        NumberOrName::Number(Num::Int(i)) => Ok(i != 0),
        NumberOrName::Number(Num::Float(f)) => Ok(f != 0.0),
        NumberOrName::Name(s) => Err(de::Error::custom(format!("expected a boolean, got {s:?}"))),
    }
}

/// Decodes an array field. `null`, `""` and `{}` (an empty placeholder some SDK examples use)
/// decode as empty; a lone value decodes as a one-item array.
pub fn seq<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let items = match Value::deserialize(d)? {
        Value::Null => return Ok(Vec::new()),
        Value::String(s) if s.is_empty() => return Ok(Vec::new()),
        Value::Object(m) if m.is_empty() => return Ok(Vec::new()),
        Value::Array(items) => items,
        single => vec![single],
    };
    items
        .into_iter()
        .map(|v| T::deserialize(v).map_err(de::Error::custom))
        .collect()
}

/// Defines a numeric SDK enum: one variant per header value plus `Unknown(i64)`, which keeps a
/// number this version does not know. Encodes as the number; decodes leniently (a number, a
/// numeric string, or one of the listed names, compared without regard to case).
macro_rules! im_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal $([$($alias:literal),* $(,)?])?
            ),+ $(,)?
        }
        default = $default:ident;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A number this version of timbot does not know; the number is kept as it came.
            /// Decoding and [`Self::from_value`] never put a known number here.
            Unknown(i64),
        }

        impl $name {
            /// The number the SDK uses for this value.
            pub const fn value(self) -> i64 {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(n) => n,
                }
            }

            /// The value for a number; a number with no named variant becomes `Unknown(n)`.
            pub const fn from_value(n: i64) -> Self {
                match n {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other),
                }
            }

            /// The value for a name some SDK versions write instead of the number.
            pub fn from_name(name: &str) -> Option<Self> {
                $( $( $(
                    if name.eq_ignore_ascii_case($alias) {
                        return Some($name::$variant);
                    }
                )* )? )+
                let _ = name;
                None
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl From<i64> for $name {
            fn from(n: i64) -> Self {
                $name::from_value(n)
            }
        }

        impl From<$name> for i64 {
            fn from(v: $name) -> i64 {
                v.value()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use $crate::core::types::lenient::NumberOrName;
                let raw = NumberOrName::deserialize(d)?;
                if let NumberOrName::Absent = raw {
                    return Ok(Self::default());
                }
                if let NumberOrName::Name(name) = &raw {
                    return Self::from_name(name).ok_or_else(|| {
                        serde::de::Error::custom(format!(
                            concat!("unknown ", stringify!($name), " name {:?}"),
                            name
                        ))
                    });
                }
                raw.as_int()
                    .and_then(|i| i64::try_from(i).ok())
                    .map(Self::from_value)
                    .ok_or_else(|| {
                        serde::de::Error::custom(concat!(
                            stringify!($name),
                            " must be an integer"
                        ))
                    })
            }
        }
    };
}

/// Defines a bit-flag newtype over `u32` with named constants and the bit operators. Decoding
/// accepts any integer and keeps its low 32 bits, so bit 31 arrives the same whether an SDK wrote
/// it signed (`-2147483648`) or unsigned (`2147483648`). Encoding writes the bits either as a
/// signed 32-bit number (`signed`, as the header's own examples do for the owner bit) or as an
/// unsigned one (`unsigned`).
macro_rules! bit_flags {
    (
        $(#[$meta:meta])*
        pub struct $name:ident: $encoding:ident {
            $( $(#[$cmeta:meta])* const $flag:ident = $bits:expr; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub u32);

        impl $name {
            $( $(#[$cmeta])* pub const $flag: $name = $name($bits); )+

            /// The raw bits.
            pub const fn bits(self) -> u32 {
                self.0
            }

            /// Whether every bit of `other` is set in `self`.
            pub const fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// Sets the bits of `other`.
            pub fn insert(&mut self, other: $name) {
                self.0 |= other.0;
            }

            /// Clears the bits of `other`.
            pub fn remove(&mut self, other: $name) {
                self.0 &= !other.0;
            }
        }

        impl std::ops::BitOr for $name {
            type Output = $name;
            fn bitor(self, rhs: $name) -> $name {
                $name(self.0 | rhs.0)
            }
        }

        impl std::ops::BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: $name) {
                self.0 |= rhs.0;
            }
        }

        impl std::ops::BitAnd for $name {
            type Output = $name;
            fn bitand(self, rhs: $name) -> $name {
                $name(self.0 & rhs.0)
            }
        }

        impl std::ops::BitAndAssign for $name {
            fn bitand_assign(&mut self, rhs: $name) {
                self.0 &= rhs.0;
            }
        }

        impl std::ops::Not for $name {
            type Output = $name;
            fn not(self) -> $name {
                $name(!self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                bit_flags!(@encode $encoding, self.0, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use $crate::core::types::lenient::NumberOrName;
                let raw = NumberOrName::deserialize(d)?;
                if let NumberOrName::Absent = raw {
                    return Ok(Self::default());
                }
                raw.as_int()
                    // Keeping the low 32 bits is the point: -2^31 and 2^31 are the same flag.
                    .map(|i| $name(i as u32))
                    .ok_or_else(|| {
                        serde::de::Error::custom(concat!(
                            stringify!($name),
                            " must be an integer"
                        ))
                    })
            }
        }
    };
    (@encode signed, $bits:expr, $s:ident) => {
        $s.serialize_i32($bits as i32)
    };
    (@encode unsigned, $bits:expr, $s:ident) => {
        $s.serialize_u32($bits)
    };
}

pub(crate) use bit_flags;
pub(crate) use im_enum;
