//! EdDSA-Poseidon keys, signing and verification (SCHEME.md §4–§7).

use ark_ec::CurveGroup;
use ark_ff::{BigInteger, PrimeField};
use num_bigint::BigUint;

use super::{blake512, mul_base8, Point, PointError, Scalar};
use crate::field::{fr_to_le_bytes, Fr};
use crate::poseidon;

/// Why a signature or public key is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// A point (public key or R8) failed to decode or is off the curve.
    #[error("invalid point: {0}")]
    Point(#[from] PointError),
    /// The public key is the identity, of small order, or has a small-order component.
    #[error("public key is not a prime-order subgroup point")]
    WeakPublicKey,
    /// `S >= l`: a malleated copy of another signature.
    #[error("signature scalar S is not below the subgroup order")]
    ScalarOutOfRange,
    /// The verification equation does not hold.
    #[error("signature does not verify")]
    Mismatch,
}

/// A public key that is safe to verify against: on the curve, in the prime-order subgroup and
/// not the identity. circomlibjs accepts small-order keys, for which signatures forge trivially.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PublicKey(Point);

impl PublicKey {
    /// Validates a point as a public key.
    pub fn from_point(point: Point) -> Result<Self, SignatureError> {
        if point.is_identity() || !point.is_in_prime_subgroup() {
            return Err(SignatureError::WeakPublicKey);
        }
        Ok(Self(point))
    }

    /// Validates circomlib coordinates as a public key.
    pub fn from_coordinates(x: Fr, y: Fr) -> Result<Self, SignatureError> {
        Self::from_point(Point::new(x, y)?)
    }

    /// Decodes circomlibjs's 32-byte packed form strictly.
    pub fn from_packed(bytes: &[u8; 32]) -> Result<Self, SignatureError> {
        Self::from_point(Point::unpack(bytes)?)
    }

    /// The curve point.
    pub fn point(&self) -> Point {
        self.0
    }

    /// circomlibjs's 32-byte packed form.
    pub fn pack(&self) -> [u8; 32] {
        self.0.pack()
    }

    /// Checks `S·Base8 == R8 + (8·hm)·A` with `hm = Poseidon(R8.x, R8.y, A.x, A.y, message)`.
    pub fn verify(&self, message: Fr, signature: &Signature) -> Result<(), SignatureError> {
        let hm = challenge(&signature.r8, self, message);
        // A is in the prime subgroup, so the integer 8·hm may be reduced mod l.
        let expected_r8 = mul_base8(&signature.s) - self.0.ark() * (hm * Scalar::from(8u64));
        if expected_r8.into_affine() == signature.r8.ark() {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }
}

impl serde::Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.pack())))
    }
}

impl<'de> serde::Deserialize<'de> for PublicKey {
    /// Reads circomlibjs's packed form as `0x` + 64 hex digits and validates the key.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        crate::key_defect::PackedKey::deserialize(deserializer)?.unpack().map_err(D::Error::custom)
    }
}

/// The Fiat–Shamir challenge `Poseidon(R8.x, R8.y, A.x, A.y, M)`, reduced mod l.
pub(crate) fn challenge(r8: &Point, public_key: &PublicKey, message: Fr) -> Scalar {
    challenge_of_hash(poseidon::hash(&challenge_inputs(r8, public_key, message)))
}

/// The five inputs of the challenge hash (batch verification hashes many at once).
pub(crate) fn challenge_inputs(r8: &Point, public_key: &PublicKey, message: Fr) -> [Fr; 5] {
    let a = public_key.point();
    [r8.x(), r8.y(), a.x(), a.y(), message]
}

/// The challenge hash reduced mod l.
pub(crate) fn challenge_of_hash(hm: Fr) -> Scalar {
    Scalar::from_le_bytes_mod_order(&hm.into_bigint().to_bytes_le())
}

/// A signature `(R8, S)` with R8 on the curve and `S < l`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Signature {
    r8: Point,
    s: Scalar,
}

impl Signature {
    /// Builds a signature from R8 and the integer S, rejecting `S >= l`.
    pub fn new(r8: Point, s: &BigUint) -> Result<Self, SignatureError> {
        if *s >= BigUint::from(Scalar::MODULUS) {
            return Err(SignatureError::ScalarOutOfRange);
        }
        Ok(Self { r8, s: Scalar::from(s.clone()) })
    }

    /// circomlibjs `packSignature`: `packPoint(R8) || LE32(S)`.
    pub fn pack(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r8.pack());
        out[32..].copy_from_slice(&self.s.into_bigint().to_bytes_le());
        out
    }

    /// Decodes the 64-byte packed form strictly.
    pub fn unpack(bytes: &[u8; 64]) -> Result<Self, SignatureError> {
        let r8 = Point::unpack(r8_bytes(bytes))?;
        Self::new(r8, &BigUint::from_bytes_le(&bytes[32..]))
    }

    /// [`Signature::unpack`] of each encoding, in order, decoding the R8s together
    /// ([`Point::unpack_many`]).
    pub fn unpack_many(encodings: &[&[u8; 64]]) -> Vec<Result<Self, SignatureError>> {
        let r8s: Vec<&[u8; 32]> = encodings.iter().map(|bytes| r8_bytes(bytes)).collect();
        Point::unpack_many(&r8s)
            .into_iter()
            .zip(encodings)
            .map(|(r8, bytes)| Self::new(r8?, &BigUint::from_bytes_le(&bytes[32..])))
            .collect()
    }

    /// The nonce point R8.
    pub fn r8(&self) -> Point {
        self.r8
    }

    /// The scalar S.
    pub fn s(&self) -> Scalar {
        self.s
    }
}

/// The packed R8 of a packed signature.
fn r8_bytes(bytes: &[u8; 64]) -> &[u8; 32] {
    bytes[..32].try_into().expect("32 bytes")
}

/// A private key: any byte string, expanded with BLAKE-512 as circomlibjs does.
#[derive(Clone)]
pub struct PrivateKey {
    /// The pruned low half of BLAKE-512(key) as an integer (`s`, bits 0-2 clear, bit 254 set).
    pruned_scalar: BigUint,
    nonce_prefix: [u8; 32],
    public_key: PublicKey,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey").field("public_key", &self.public_key).finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Expands a private key (`prv2pub`).
    pub fn from_bytes(key: &[u8]) -> Self {
        let digest = blake512(key);
        let mut low = [0u8; 32];
        low.copy_from_slice(&digest[..32]);
        low[0] &= 0xf8;
        low[31] &= 0x7f;
        low[31] |= 0x40;
        let pruned_scalar = BigUint::from_bytes_le(&low);
        let mut nonce_prefix = [0u8; 32];
        nonce_prefix.copy_from_slice(&digest[32..]);
        let secret = Scalar::from(&pruned_scalar >> 3u32);
        let point = Point::from_projective(mul_base8(&secret));
        let public_key = PublicKey::from_point(point).expect("s>>3 is nonzero mod l for every pruned s");
        Self { pruned_scalar, nonce_prefix, public_key }
    }

    /// A fresh random key.
    pub fn random<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        Self::from_bytes(&bytes)
    }

    /// The public key `A = (s >> 3) · Base8`.
    pub fn public_key(&self) -> PublicKey {
        self.public_key
    }

    /// The pruned scalar `s` (SCHEME.md's `s_pruned`).
    pub fn pruned_scalar(&self) -> &BigUint {
        &self.pruned_scalar
    }

    /// The secret scalar `s >> 3` (not reduced mod l, as circomlibjs keeps it).
    pub fn secret_scalar(&self) -> BigUint {
        &self.pruned_scalar >> 3u32
    }

    /// The deterministic nonce `r = BLAKE-512(h[32..64] || LE32(M)) mod l`.
    pub fn nonce(&self, message: Fr) -> Scalar {
        let mut nonce_input = [0u8; 64];
        nonce_input[..32].copy_from_slice(&self.nonce_prefix);
        nonce_input[32..].copy_from_slice(&fr_to_le_bytes(&message));
        Scalar::from_le_bytes_mod_order(&blake512(&nonce_input))
    }

    /// `signPoseidon(prv, M)`; deterministic, like circomlibjs.
    pub fn sign(&self, message: Fr) -> Signature {
        let r = self.nonce(message);
        let r8 = Point::from_projective(mul_base8(&r));
        let hm = challenge(&r8, &self.public_key, message);
        let s = r + hm * Scalar::from(self.pruned_scalar.clone());
        Signature { r8, s }
    }
}
