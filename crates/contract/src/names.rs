//! Serde for enums that are a name and nothing else (`"paid"`, `"slot_full"`): one
//! visitor shared by all of them, where serde's derive makes a visitor per enum
//! with three copies of its names (as text, as bytes, as an index). The portal
//! ships this code in WebAssembly, where each copy costs download time.

use serde::de::{self, Visitor};

/// Finds a name among `names`; a name it does not know is `other` where the enum has
/// a catch-all (codes from a newer server still parse), else an error.
pub struct Names {
    pub names: &'static [&'static str],
    pub other: Option<usize>,
}

impl<'de> Visitor<'de> for Names {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        match (self.names.iter().position(|n| *n == v), self.other) {
            (Some(i), _) | (None, Some(i)) => Ok(i),
            (None, None) => Err(E::unknown_variant(v, self.names)),
        }
    }
}

/// `names_serde!(Type { Variant = "name", … } [other Variant])`: Serialize and
/// Deserialize by those names. Every variant is listed, so a new one fails to build
/// until it has its name.
#[macro_export]
macro_rules! names_serde {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? } $(other $other:ident)?) => {
        impl $ty {
            /// The name on the wire (and in URLs and storage).
            pub const fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                const NAMES: &[&str] = &[$($name),+];
                #[allow(unused_mut, unused_assignments)]
                let mut other = None;
                $(other = ALL.iter().position(|v| *v == $ty::$other);)?
                let i = d.deserialize_str($crate::names::Names { names: NAMES, other })?;
                ALL.get(i).copied().ok_or_else(|| serde::de::Error::custom("no such name"))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::tariff::Tier;
    use crate::{AccountKind, ErrorCode, FieldCode, PayChannel};

    #[test]
    fn names_go_both_ways_and_a_newer_servers_code_still_parses() {
        for channel in PayChannel::ALL {
            let json = serde_json::to_string(&channel).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", channel.as_str()));
            assert_eq!(serde_json::from_str::<PayChannel>(&json).ok(), Some(channel));
        }
        assert_eq!(PayChannel::WechatH5.as_str(), "wechat_h5");
        assert_eq!(Tier::Tier2.as_str(), "tier2");
        assert_eq!(serde_json::from_str::<ErrorCode>("\"slot_full\"").ok(), Some(ErrorCode::SlotFull));
        assert_eq!(serde_json::from_str::<ErrorCode>("\"brand_new\"").ok(), Some(ErrorCode::Unknown));
        assert_eq!(serde_json::from_str::<FieldCode>("\"weird\"").ok(), Some(FieldCode::Unknown));
        // Without a catch-all, an unknown name is an error, not a guess.
        let unknown = serde_json::from_str::<AccountKind>("\"business\"").err().map(|e| e.to_string());
        assert!(unknown.is_some_and(|e| e.contains("unknown variant `business`")), "an error naming it");
        assert!(serde_json::from_str::<AccountKind>("3").is_err(), "a number is not a name");
    }
}
