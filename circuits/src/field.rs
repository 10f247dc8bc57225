//! The BN254 scalar field `Fr` and the conversions every other module needs.

use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;

/// The BN254 scalar field: the field of every hash, tree node and circuit value.
pub use ark_bn254::Fr;

/// A value that is not a canonical field element.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// The text is not a decimal or 0x-hex integer.
    #[error("not an integer: {0:?}")]
    NotAnInteger(String),
    /// The integer is at least the field modulus; accepting it would alias another value.
    #[error("integer is not below the field modulus")]
    NotCanonical,
}

/// The field modulus as a big integer.
pub fn modulus() -> BigUint {
    Fr::MODULUS.into()
}

/// Parses a decimal or `0x`-hex integer, rejecting anything `>= p` instead of reducing it.
pub fn fr_from_str(text: &str) -> Result<Fr, FieldError> {
    fr_from_biguint(&biguint_from_str(text)?)
}

/// Parses a decimal or `0x`-hex integer of any size.
pub fn biguint_from_str(text: &str) -> Result<BigUint, FieldError> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => BigUint::parse_bytes(hex.as_bytes(), 16),
        None => BigUint::parse_bytes(text.as_bytes(), 10),
    };
    parsed.ok_or_else(|| FieldError::NotAnInteger(text.to_owned()))
}

/// Converts an integer below `p` into the field; larger integers are an error.
pub fn fr_from_biguint(value: &BigUint) -> Result<Fr, FieldError> {
    if *value >= modulus() {
        return Err(FieldError::NotCanonical);
    }
    Ok(Fr::from(value.clone()))
}

/// The canonical integer of a field element.
pub fn fr_to_biguint(value: &Fr) -> BigUint {
    value.into_bigint().into()
}

/// Decimal text of a field element.
pub fn fr_to_decimal(value: &Fr) -> String {
    fr_to_biguint(value).to_str_radix(10)
}

/// 32 little-endian bytes of a field element.
pub fn fr_to_le_bytes(value: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&value.into_bigint().to_bytes_le());
    out
}

/// Reads 32 little-endian bytes, rejecting integers `>= p`.
pub fn fr_from_le_bytes(bytes: &[u8; 32]) -> Result<Fr, FieldError> {
    fr_from_biguint(&BigUint::from_bytes_le(bytes))
}

/// Serde helpers that write field elements as decimal strings, the form circomlibjs prints.
pub mod serde_decimal {
    use super::{fr_from_str, fr_to_decimal, Fr};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the element as a decimal string.
    pub fn serialize<S: Serializer>(value: &Fr, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&fr_to_decimal(value))
    }

    /// Reads a canonical decimal or 0x-hex string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fr, D::Error> {
        let text = String::deserialize(deserializer)?;
        fr_from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde helpers for `Option<Fr>` as an optional decimal string.
pub mod serde_decimal_option {
    use super::{fr_from_str, fr_to_decimal, Fr};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `null` or a decimal string.
    pub fn serialize<S: Serializer>(value: &Option<Fr>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&fr_to_decimal(v)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` or a canonical decimal or 0x-hex string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Fr>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| fr_from_str(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_values_at_or_above_the_modulus() {
        let p = modulus();
        assert_eq!(fr_from_biguint(&p), Err(FieldError::NotCanonical));
        let below = &p - 1u32;
        assert_eq!(fr_to_biguint(&fr_from_biguint(&below).unwrap()), below);
    }

    #[test]
    fn le_bytes_round_trip() {
        let x = fr_from_str("123456789012345678901234567890").unwrap();
        assert_eq!(fr_from_le_bytes(&fr_to_le_bytes(&x)).unwrap(), x);
    }
}
