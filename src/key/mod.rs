//! Keys, parsed once from what a person pasted into a reusable [`Key`].
//!
//! The parsed key decides what it can do: a secret signs and verifies HS*, an RSA private key
//! signs (and verifies) RS*/PS*, an RSA public key only verifies. Nothing is inferred from the
//! requested algorithm.

mod asn1;
mod der;
mod ec;
mod jwk;
mod openssh;
mod pbes2;
pub(crate) mod pem;
mod secret;
mod sniff;

pub use secret::SecretEncoding;

use crate::alg::Algorithm;
use crate::error::{Error, Result};
use crate::json::Object;
use crate::signature::ecdsa::{Curve, EcPrivate, EcPublic};
use crate::signature::eddsa::{EdPrivate, EdPublic};
use crate::signature::hmac::hs256::HmacSha256;
#[cfg(feature = "reference-rsa")]
use rsa::{BigUint, RsaPrivateKey};
use serde_json::Value;
use std::fmt;
use zeroize::Zeroizing;

/// The smallest RSA modulus accepted (RFC 7518 §3.3).
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted.
pub const MAX_RSA_BITS: usize = 8192;

/// The longest key text or DER that is parsed, in bytes: 64 KiB. The largest key jwtmint takes,
/// an 8192-bit RSA private JWK, is about 6.5 KB (its PEM about 6.3 KB); a certificate is a few
/// KB. Ten times that leaves room for comments and members around a key, and keeps whatever
/// parsing does with a pasted text (PEM search, base64, JSON) far below a millisecond.
pub(crate) const MAX_KEY_INPUT_BYTES: usize = 64 * 1024;

/// Refuses key input longer than [`MAX_KEY_INPUT_BYTES`], before any parsing: `what` is e.g.
/// "this key text is 70000 bytes".
fn check_input_size(bytes: usize, what: impl FnOnce(usize) -> String) -> Result<()> {
    if bytes <= MAX_KEY_INPUT_BYTES {
        return Ok(());
    }
    Err(Error::key_parse(format!(
        "{}, more than the {MAX_KEY_INPUT_BYTES} bytes (64 KiB) jwtmint reads; even an 8192-bit RSA private key is under 7 KB, so paste just the one key",
        what(bytes)
    )))
}

/// A writer that only counts, and fails once past [`MAX_KEY_INPUT_BYTES`] (so that a huge JWK is
/// not written out in full to be measured).
struct SizeLimit(usize);

impl std::io::Write for SizeLimit {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        if self.0 > MAX_KEY_INPUT_BYTES {
            return Err(std::io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a key can be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// An HMAC secret: signs and verifies HS256/384/512.
    Secret,
    /// A private key (RSA, EC or Ed25519): signs, and verifies, its algorithms.
    Private,
    /// A public key: verifies its algorithms.
    Public,
}

impl KeyKind {
    /// `secret`, `private` or `public`.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Secret => "secret",
            KeyKind::Private => "private",
            KeyKind::Public => "public",
        }
    }
}

/// Options for importing a key.
#[derive(Default)]
pub struct ImportOptions {
    /// The passphrase of an encrypted PKCS#8 key.
    pub passphrase: Option<Zeroizing<String>>,
    /// Set to treat the input as an HMAC secret in this encoding.
    pub encoding: Option<SecretEncoding>,
}

/// The parsed contents of a key. RSA private keys and secret bytes are zeroized on drop (their
/// numbers and bytes are held in `Zeroizing`).
#[derive(Clone)]
pub(crate) enum Material {
    Secret(Secret),
    RsaPrivate(Box<RsaPrivate>),
    RsaPublic(Box<RsaPublic>),
    EcPrivate(Box<EcPrivate>),
    EcPublic(Box<EcPublic>),
    EdPrivate(Box<EdPrivate>),
    EdPublic(Box<EdPublic>),
}

impl Material {
    /// The algorithms of this type of key: a curve signs one.
    pub(crate) fn algorithms(&self) -> &'static [Algorithm] {
        let curve = match self {
            Material::Secret(_) => return &Algorithm::HMAC,
            Material::RsaPrivate(_) | Material::RsaPublic(_) => return &Algorithm::RSA,
            Material::EdPrivate(_) | Material::EdPublic(_) => return &[Algorithm::EdDSA],
            Material::EcPrivate(key) => key.public.curve,
            Material::EcPublic(public) => public.curve,
        };
        match curve {
            Curve::P256 => &[Algorithm::ES256],
            Curve::P384 => &[Algorithm::ES384],
            Curve::P521 => &[Algorithm::ES512],
        }
    }
}

/// A key's public half, for exports (PEM, DER, JWK, thumbprint).
pub(crate) enum PublicHalf<'a> {
    Rsa(&'a PublicNumbers),
    Ec(&'a EcPublic),
    Ed(&'a EdPublic),
}

/// An RSA public key's numbers, big-endian without leading zeros, as `der::rsa_public` checked
/// them (for PEM, DER and JWK export).
#[derive(Clone)]
pub(crate) struct PublicNumbers {
    pub(crate) n: Vec<u8>,
    pub(crate) e: Vec<u8>,
}

impl PublicNumbers {
    /// The modulus length in bits.
    pub(crate) fn bits(&self) -> usize {
        der::bit_length(&self.n)
    }

    /// The `rsa` crate's key, for its verifier.
    #[cfg(feature = "reference-rsa")]
    pub(crate) fn reference(&self) -> rsa::RsaPublicKey {
        rsa::RsaPublicKey::new_unchecked(BigUint::from_bytes_be(&self.n), BigUint::from_bytes_be(&self.e))
    }
}

/// An RSA public key: its numbers, jwtmint's verifier built from them once, and where the key
/// came from, for error messages ("a certificate ...").
#[derive(Clone)]
#[cfg_attr(feature = "reference-rsa", allow(dead_code))]
pub(crate) struct RsaPublic {
    pub(crate) key: PublicNumbers,
    pub(crate) fast: crate::signature::rsa::PublicKey,
    pub(crate) found: &'static str,
}

impl RsaPublic {
    pub(crate) fn new(key: PublicNumbers, found: &'static str) -> Result<Box<RsaPublic>> {
        let fast = crate::signature::rsa::PublicKey::new(&key.n, &key.e).ok_or_else(|| {
            Error::key_parse("the RSA modulus is even, so it is not a product of two primes")
        })?;
        Ok(Box::new(RsaPublic { key, fast, found }))
    }
}

/// An HMAC secret: its bytes, and the same key prepared for HS256 (`crate::signature::hmac::hs256`).
#[derive(Clone)]
pub(crate) struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    pub(crate) hs256: HmacSha256,
}

impl Secret {
    pub(crate) fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        let hs256 = HmacSha256::new(&bytes);
        Secret { bytes, hs256 }
    }
}

impl std::ops::Deref for Secret {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

/// An RSA private key: jwtmint's signer (`crate::signature::rsa`), which wipes its numbers when
/// dropped, and the public key for exports. With the `reference-rsa` feature also the `rsa`
/// crate's key, which then signs.
#[derive(Clone)]
#[cfg_attr(feature = "reference-rsa", allow(dead_code))]
pub(crate) struct RsaPrivate {
    pub(crate) public: PublicNumbers,
    pub(crate) fast: crate::signature::rsa::PrivateKey,
    #[cfg(feature = "reference-rsa")]
    pub(crate) key: RsaPrivateKey,
}

/// The numbers of an RSA private key as a file gives them, big-endian; the CRT members are
/// optional (a JWK may leave them out) and checked against the key when present.
pub(crate) struct RsaNumbers {
    pub(crate) n: Vec<u8>,
    pub(crate) e: Vec<u8>,
    pub(crate) d: Zeroizing<Vec<u8>>,
    pub(crate) p: Zeroizing<Vec<u8>>,
    pub(crate) q: Zeroizing<Vec<u8>>,
    pub(crate) dp: Option<Zeroizing<Vec<u8>>>,
    pub(crate) dq: Option<Zeroizing<Vec<u8>>>,
    pub(crate) q_inverse: Option<Zeroizing<Vec<u8>>>,
    /// How the file names the CRT members in messages, e.g. `JWK member "dp"`.
    pub(crate) names: [&'static str; 3],
}

impl RsaPrivate {
    /// Checks that the numbers fit together (`crate::signature::rsa::check`: n = p·q, e·d ≡ 1 modulo
    /// p−1 and q−1, the file's CRT members against d, q·q⁻¹ ≡ 1 mod p) and builds the signer.
    #[inline(never)]
    pub(crate) fn from_numbers(numbers: RsaNumbers) -> Result<Box<RsaPrivate>> {
        let inconsistent =
            || Error::key_parse("the RSA private key is inconsistent (its numbers do not fit together)");
        let public = der::rsa_public(&numbers.n, &numbers.e)?;
        let components = crate::signature::rsa::check(&crate::signature::rsa::Numbers {
            n: &numbers.n,
            e: &numbers.e,
            d: &numbers.d,
            p: &numbers.p,
            q: &numbers.q,
            dp: numbers.dp.as_deref().map(Vec::as_slice),
            dq: numbers.dq.as_deref().map(Vec::as_slice),
            q_inverse: numbers.q_inverse.as_deref().map(Vec::as_slice),
        })
        .map_err(|problem| {
            use crate::signature::rsa::{Member, Problem};
            let crt = |index: usize| numbers.names.get(index).copied().unwrap_or("CRT member");
            match problem {
                Problem::Mismatch(index) => Error::key_parse(format!("the {} does not match the key", crt(index))),
                Problem::Inconsistent => inconsistent(),
                Problem::TooLong(member, bits, most) => Error::key_parse(format!(
                    "the RSA private key's {} is {bits} bits long, more than the {most} bits its {}-bit modulus allows; the key is damaged or is not an RSA private key",
                    match member {
                        Member::N => "modulus n",
                        Member::E => "public exponent e",
                        Member::D => "private exponent d",
                        Member::P => "prime p",
                        Member::Q => "prime q",
                        Member::Crt(index) => crt(index),
                    },
                    public.bits(),
                )),
                Problem::PrimeSizes { p, q, n } => Error::key_parse(format!(
                    "the RSA private key is inconsistent: its primes p ({p} bits) and q ({q} bits) are not each about half of its {n}-bit modulus"
                )),
            }
        })?;
        let fast = crate::signature::rsa::PrivateKey::new(&components).ok_or_else(inconsistent)?;
        Ok(Box::new(RsaPrivate {
            #[cfg(feature = "reference-rsa")]
            key: RsaPrivateKey::from_components(
                BigUint::from_bytes_be(&numbers.n),
                BigUint::from_bytes_be(&numbers.e),
                BigUint::from_bytes_be(&numbers.d),
                vec![
                    BigUint::from_bytes_be(&numbers.p),
                    BigUint::from_bytes_be(&numbers.q),
                ],
            )
            .map_err(|_| inconsistent())?,
            public,
            fast,
        }))
    }
}

/// A key parsed once and reused for any number of tokens.
///
/// ```
/// use jwtmint::{Key, KeyKind};
/// let key = Key::from_secret("a-very-long-api-secret-of-32-bytes!", Default::default()).unwrap();
/// assert_eq!(key.kind(), KeyKind::Secret);
/// assert_eq!(key.algorithms(), ["HS256", "HS384", "HS512"]);
/// ```
#[derive(Clone)]
pub struct Key {
    material: Material,
    usage: Usage,
}

/// What a JWK's `alg`, `use` and `key_ops` (RFC 7517 §4.2–4.4) allow; unrestricted for keys from
/// PEM, DER and secrets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    /// `alg`: the one algorithm the key may be used with.
    pub(crate) alg: Option<Algorithm>,
    /// `use`: `sig` or `enc`.
    pub(crate) public_use: Option<PublicUse>,
    /// `key_ops`: whether they include `sign` and `verify`.
    pub(crate) ops: Option<Operations>,
}

/// A JWK's `use` (RFC 7517 §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PublicUse {
    Sig,
    Enc,
}

/// Whether a JWK's `key_ops` (RFC 7517 §4.3) include `sign` and `verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Operations {
    pub(crate) sign: bool,
    pub(crate) verify: bool,
}

/// Signing or verifying, for the checks of what a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    Sign,
    Verify,
}

impl Operation {
    fn name(self) -> &'static str {
        match self {
            Operation::Sign => "signing",
            Operation::Verify => "verifying",
        }
    }
}

impl Usage {
    /// The `use` to export: the imported one, else `sig`.
    fn use_name(self) -> &'static str {
        match self.public_use {
            Some(PublicUse::Enc) => "enc",
            _ => "sig",
        }
    }

    /// Whether `use` and `key_ops` allow `operation`.
    fn allows(self, operation: Operation) -> bool {
        let by_use = self.public_use != Some(PublicUse::Enc);
        let by_ops = self.ops.map_or(true, |ops| match operation {
            Operation::Sign => ops.sign,
            Operation::Verify => ops.verify,
        });
        by_use && by_ops
    }

    /// The member that forbids `operation`, for messages.
    fn refusal(self, operation: Operation) -> &'static str {
        if self.public_use == Some(PublicUse::Enc) {
            "its JWK has \"use\": \"enc\" (encryption), so it is not for signatures; remove \"use\" or set it to \"sig\""
        } else if operation == Operation::Sign {
            "its JWK's \"key_ops\" do not include \"sign\""
        } else {
            "its JWK's \"key_ops\" do not include \"verify\""
        }
    }
}

impl Key {
    /// Imports text: a PEM block (any supported label), a JWK or one-key JWKS as JSON, or, when
    /// `options.encoding` is set, an HMAC secret in that encoding. Text that is neither PEM nor
    /// JSON is refused unless an encoding says it is a secret.
    ///
    /// Key material in other forms is recognised (`sniff.rs`): base64 or hex of a DER key is read
    /// as DER; an OpenSSH, SSH2 or PuTTY key, or a key inside other text, is refused with a
    /// message that says how to convert it. A BOM and invisible characters around the key are
    /// ignored.
    pub fn from_text(text: &str, options: &ImportOptions) -> Result<Key> {
        if let Some(encoding) = options.encoding {
            return Key::from_secret(text, encoding);
        }
        match sniff::sniff(text) {
            Some(found) => Key::from_found(text, found, options),
            // Azure Key Vault and many portals hand out a `.pfx` as base64.
            None if der::is_pkcs12_base64(text) => Err(der::pkcs12_refusal()),
            None => Err(Error::key_parse(
                "this is neither a PEM key nor a JWK; paste the whole key including the -----BEGIN line, or import an HMAC secret with an encoding",
            )),
        }
    }

    /// Imports the key material `sniff` found in `text`, or refuses it with what to do instead.
    fn from_found(text: &str, found: sniff::Found, options: &ImportOptions) -> Result<Key> {
        check_input_size(text.len(), |bytes| format!("this key text is {bytes} bytes"))?;
        match found {
            sniff::Found::Pem { .. } => Key::from_pem(text, options),
            sniff::Found::Json { .. } => {
                let value: Zeroizing<String> = Zeroizing::new(sniff::trim(text).to_owned());
                crate::json::check_depth(&value)
                    .map_err(|detail| Error::key_parse(format!("this JWK: {detail}")))?;
                let parsed: Value = serde_json::from_str(&value).map_err(|_| {
                    Error::key_parse("this looks like JSON but is not valid JSON; paste the whole JWK")
                })?;
                Key::from_jwk(&parsed)
            }
            sniff::Found::Der { der, alone: true, .. } => Key::from_der(&der, options),
            sniff::Found::Ed25519Pair { bytes } => {
                let (seed, public) = bytes.split_at(32.min(bytes.len()));
                let public = EdPublic::from_bytes(public, "an Ed25519 key pair")?;
                Ok(Key::unrestricted(Material::EdPrivate(Box::new(
                    EdPrivate::from_seed(seed, Some(&public))?,
                ))))
            }
            sniff::Found::OpenSsh { key_type } if openssh::readable(&key_type) => {
                Ok(Key::unrestricted(openssh::public_line(text, &key_type)?))
            }
            other => Err(sniff::refusal(&other)),
        }
    }

    fn from_pem(text: &str, options: &ImportOptions) -> Result<Key> {
        let block = pem::extract(text)?;
        if block.legacy_encrypted {
            return Err(Error::key_parse(
                "this key uses OpenSSL's legacy encryption (Proc-Type: 4,ENCRYPTED); convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in <file>` and paste the result with its passphrase",
            ));
        }
        let passphrase = options.passphrase.as_ref().map(|text| text.as_bytes());
        let material = der::from_labelled(&block.label, &block.der, passphrase)?;
        Ok(Key::unrestricted(material))
    }

    fn unrestricted(material: Material) -> Key {
        Key {
            material,
            usage: Usage::default(),
        }
    }

    /// Imports text that is either a key or an HMAC secret: text that is or holds key material in
    /// any form [`Key::from_text`] recognises is imported as a key or refused; only other text is
    /// taken as a UTF-8 secret. This is what `sign(claims, "text", …)` does with a string key; a
    /// public key of an RS256 verifier, in whatever form it is pasted, is therefore never usable
    /// as an HS256 secret.
    pub fn from_text_or_secret(text: &str, options: &ImportOptions) -> Result<Key> {
        if options.encoding.is_some() {
            return Key::from_text(text, options);
        }
        match sniff::sniff(text) {
            Some(found) => Key::from_found(text, found, options),
            None => Ok(Key::secret(secret::decode(text, SecretEncoding::Utf8)?)),
        }
    }

    /// Imports DER bytes: PKCS#8, encrypted PKCS#8, PKCS#1 private or public, SPKI, or an X.509
    /// certificate. The structure is recognised from the bytes.
    ///
    /// Bytes that are no DER structure but text holding key material (a key file read as bytes:
    /// PEM, a JWK, base64 DER, an OpenSSH line, ...) are read as [`Key::from_text`] reads them.
    pub fn from_der(bytes: &[u8], options: &ImportOptions) -> Result<Key> {
        check_input_size(bytes.len(), |bytes| format!("this DER key is {bytes} bytes"))?;
        if der::structure(bytes).is_none() {
            if let Some((text, found)) = std::str::from_utf8(bytes)
                .ok()
                .and_then(|text| Some((text, sniff::sniff(text)?)))
            {
                return Key::from_found(text, found, options);
            }
        }
        let passphrase = options.passphrase.as_ref().map(|text| text.as_bytes());
        Ok(Key::unrestricted(der::from_unlabelled(bytes, passphrase)?))
    }

    /// Imports a JWK (`kty` `RSA` private or public, or `oct`) or a JWKS with exactly one key.
    /// Its `alg`, `use` and `key_ops` restrict what the key does (RFC 7517 §4.2–4.4): `alg` to
    /// that one algorithm, `use: "enc"` to nothing jwtmint does, `key_ops` to the operations
    /// listed (`sign`, `verify`).
    pub fn from_jwk(jwk: &Value) -> Result<Key> {
        let mut size = SizeLimit(0);
        if serde_json::to_writer(&mut size, jwk).is_err() {
            check_input_size(size.0, |bytes| {
                format!("this JWK is at least {bytes} bytes as JSON text")
            })?;
        }
        let (material, usage) = jwk::import(jwk)?;
        Ok(Key { material, usage })
    }

    /// Imports an HMAC secret from text in the given encoding. Text that is key material (a
    /// public key in any form `from_text` recognises, and after decoding from base64 or hex, a
    /// DER key) is refused with `SECRET_IS_KEY`: an HMAC secret that is a public key lets anyone
    /// who has the public key forge tokens.
    pub fn from_secret(text: &str, encoding: SecretEncoding) -> Result<Key> {
        let bytes = secret::decode(text, encoding)?;
        if let Some(found) = sniff::in_secret(text, &bytes, encoding) {
            return Err(Error::SecretIsKey {
                found: found.describe(),
            });
        }
        Ok(Key::secret(bytes))
    }

    fn secret(bytes: Zeroizing<Vec<u8>>) -> Key {
        Key::unrestricted(Material::Secret(Secret::new(bytes)))
    }

    /// Imports an HMAC secret from raw bytes, exactly as given (nothing is recognised in them).
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Key> {
        if bytes.is_empty() {
            return Err(Error::SecretEmpty);
        }
        Ok(Key::secret(Zeroizing::new(bytes.to_vec())))
    }

    /// What the key can be used for.
    pub fn kind(&self) -> KeyKind {
        match self.material {
            Material::Secret(_) => KeyKind::Secret,
            Material::RsaPrivate(_) | Material::EcPrivate(_) | Material::EdPrivate(_) => KeyKind::Private,
            Material::RsaPublic(_) | Material::EcPublic(_) | Material::EdPublic(_) => KeyKind::Public,
        }
    }

    /// The JWK `kty`: `oct` for secrets, `RSA`, `EC` for P-256/384/521 keys, `OKP` for Ed25519.
    pub fn key_type(&self) -> &'static str {
        match self.material {
            Material::Secret(_) => "oct",
            Material::RsaPrivate(_) | Material::RsaPublic(_) => "RSA",
            Material::EcPrivate(_) | Material::EcPublic(_) => "EC",
            Material::EdPrivate(_) | Material::EdPublic(_) => "OKP",
        }
    }

    /// The RSA modulus size, the curve's size (256, 384, 521; 256 for Ed25519), or the secret's
    /// size, in bits.
    pub fn bits(&self) -> usize {
        match &self.material {
            Material::Secret(bytes) => bytes.len() * 8,
            Material::RsaPrivate(key) => key.public.bits(),
            Material::RsaPublic(public) => public.key.bits(),
            Material::EcPrivate(key) => key.public.curve.bits(),
            Material::EcPublic(public) => public.curve.bits(),
            Material::EdPrivate(_) | Material::EdPublic(_) => 256,
        }
    }

    /// The curve, as the JWK `crv` names it (`P-256`, `P-384`, `P-521`, `Ed25519`); `None` for
    /// RSA keys and secrets.
    pub fn curve(&self) -> Option<&'static str> {
        match &self.material {
            Material::EcPrivate(key) => Some(key.public.curve.name()),
            Material::EcPublic(public) => Some(public.curve.name()),
            Material::EdPrivate(_) | Material::EdPublic(_) => Some("Ed25519"),
            _ => None,
        }
    }

    /// The algorithms this key can be used with, by name: those of its kind, only the JWK's
    /// `alg` when it has one, none when its JWK's `use` or `key_ops` allow neither signing nor
    /// verifying.
    pub fn algorithms(&self) -> Vec<&'static str> {
        self.supported().iter().map(|alg| alg.name()).collect()
    }

    pub(crate) fn supported(&self) -> &'static [Algorithm] {
        let can_sign = self.kind() != KeyKind::Public && self.usage.allows(Operation::Sign);
        if !can_sign && !self.usage.allows(Operation::Verify) {
            return &[];
        }
        let all = self.family_algorithms();
        match self.usage.alg {
            Some(only) => all
                .iter()
                .find(|alg| **alg == only)
                .map_or(&[], std::slice::from_ref),
            None => all,
        }
    }

    /// The algorithms of the key's type, before its JWK's restrictions.
    fn family_algorithms(&self) -> &'static [Algorithm] {
        self.material.algorithms()
    }

    /// A description for messages: "an HMAC secret", "an RSA private key", "an EC P-256 private
    /// key", or where a public key came from.
    pub(crate) fn describe(&self) -> &'static str {
        match &self.material {
            Material::Secret(_) => "an HMAC secret",
            Material::RsaPrivate(_) => "an RSA private key",
            Material::EcPrivate(key) => match key.public.curve {
                Curve::P256 => "an EC P-256 private key",
                Curve::P384 => "an EC P-384 private key",
                Curve::P521 => "an EC P-521 private key",
            },
            Material::EdPrivate(_) => "an Ed25519 private key",
            Material::RsaPublic(public) => public.found,
            Material::EcPublic(public) => public.found,
            Material::EdPublic(public) => public.found,
        }
    }

    pub(crate) fn material(&self) -> &Material {
        &self.material
    }

    /// Checks that the key can sign with `alg`; the error says what it can do instead.
    pub(crate) fn check_signing(&self, alg: Algorithm) -> Result<()> {
        if self.kind() == KeyKind::Public {
            return Err(Error::KeyNotPrivate {
                found: self.describe().into(),
            });
        }
        self.check(alg, Operation::Sign)
    }

    /// Checks that the key can verify `alg`.
    pub(crate) fn check_verifying(&self, alg: Algorithm) -> Result<()> {
        self.check(alg, Operation::Verify)
    }

    /// Checks that the JWK's `use` and `key_ops` allow `operation`, whatever the algorithm.
    pub(crate) fn check_usage(&self, operation: Operation) -> Result<()> {
        if self.usage.allows(operation) {
            return Ok(());
        }
        Err(Error::KeyAlgMismatch {
            key: self.describe().into(),
            requested: operation.name().into(),
            allowed: format!("nothing jwtmint does with it: {}", self.usage.refusal(operation)),
        })
    }

    fn check(&self, alg: Algorithm, operation: Operation) -> Result<()> {
        self.check_usage(operation)?;
        let fits = self.family_algorithms().contains(&alg);
        let mismatch = |key: String| Error::KeyAlgMismatch {
            key,
            requested: format!("{} with {alg}", operation.name()),
            allowed: self.algorithms().join(", "),
        };
        if !fits {
            return Err(mismatch(self.describe().into()));
        }
        match self.usage.alg {
            Some(only) if only != alg => Err(mismatch(format!(
                "{} whose JWK has \"alg\": \"{only}\"",
                self.describe()
            ))),
            _ => Ok(()),
        }
    }

    pub(crate) fn public_half(&self) -> Result<PublicHalf<'_>> {
        Ok(match &self.material {
            Material::RsaPrivate(key) => PublicHalf::Rsa(&key.public),
            Material::RsaPublic(public) => PublicHalf::Rsa(&public.key),
            Material::EcPrivate(key) => PublicHalf::Ec(&key.public),
            Material::EcPublic(public) => PublicHalf::Ec(public),
            Material::EdPrivate(key) => PublicHalf::Ed(&key.public),
            Material::EdPublic(public) => PublicHalf::Ed(public),
            Material::Secret(_) => {
                return Err(Error::KeyAlgMismatch {
                    key: "an HMAC secret".into(),
                    requested: "deriving a public key".into(),
                    allowed: "signing and verifying HS256, HS384, HS512; only RSA, EC and Ed25519 keys have a public half".into(),
                })
            }
        })
    }

    /// The public key as SPKI PEM (`BEGIN PUBLIC KEY`), for registering with a service.
    pub fn public_pem(&self) -> Result<String> {
        let der = self.public_der()?;
        let body = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der);
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in body.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        Ok(pem)
    }

    /// The public key as a JWK with `kty`, `n`, `e`, then `kid`, `alg` and `use` when given.
    /// A key imported from a JWK with `alg` keeps it (another `alg` is refused), and one with
    /// `use` keeps that `use`.
    pub fn public_jwk(&self, kid: Option<&str>, alg: Option<Algorithm>) -> Result<Object> {
        let mut jwk = jwk::public_members(&self.public_half()?);
        if let Some(kid) = kid {
            jwk.insert("kid".into(), Value::from(kid));
        }
        if let Some(wanted) = alg {
            if !self.family_algorithms().contains(&wanted) {
                return Err(Error::KeyAlgMismatch {
                    key: self.describe().into(),
                    requested: format!("publishing its public key for {wanted}"),
                    allowed: self
                        .family_algorithms()
                        .iter()
                        .map(|alg| alg.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            if self.usage.alg.is_some() {
                self.check_verifying(wanted)?;
            }
        }
        if let Some(alg) = alg.or(self.usage.alg) {
            jwk.insert("alg".into(), Value::from(alg.name()));
            jwk.insert("use".into(), Value::from(self.usage.use_name()));
        }
        if self.usage.public_use.is_some() {
            jwk.insert("use".into(), Value::from(self.usage.use_name()));
        }
        Ok(jwk)
    }

    /// A JWKS `{"keys": [jwk]}` whose key has `use: "sig"` (or the `use` of the JWK it was
    /// imported from) and a `kid` (the RFC 7638 thumbprint unless one is given).
    pub fn jwks(&self, kid: Option<&str>, alg: Option<Algorithm>) -> Result<Object> {
        let thumbprint = self.thumbprint()?;
        let mut jwk = self.public_jwk(Some(kid.unwrap_or(&thumbprint)), alg)?;
        jwk.insert("use".into(), Value::from(self.usage.use_name()));
        let mut set = Object::new();
        set.insert("keys".into(), Value::Array(vec![Value::Object(jwk)]));
        Ok(set)
    }

    /// The RFC 7638 JWK thumbprint, base64url of SHA-256.
    pub fn thumbprint(&self) -> Result<String> {
        Ok(jwk::thumbprint(&self.public_half()?))
    }

    /// The public key's DER SubjectPublicKeyInfo (used for fingerprints such as Snowflake's).
    pub fn public_der(&self) -> Result<Vec<u8>> {
        Ok(match self.public_half()? {
            PublicHalf::Rsa(public) => asn1::rsa_spki(&public.n, &public.e),
            PublicHalf::Ec(public) => asn1::ec_spki(public.curve.oid(), public.point()),
            PublicHalf::Ed(public) => asn1::ed25519_spki(&public.bytes()),
        })
    }
}

impl fmt::Debug for ImportOptions {
    /// Says whether a passphrase was given, never what it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("passphrase", &self.passphrase.as_ref().map(|_| "<redacted>"))
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl fmt::Debug for Key {
    /// Shows what the key is, never what it holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Key");
        debug
            .field("kind", &self.kind().name())
            .field("key_type", &self.key_type())
            .field("bits", &self.bits());
        if let Some(curve) = self.curve() {
            debug.field("curve", &curve);
        }
        debug.finish_non_exhaustive()
    }
}
