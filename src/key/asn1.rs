//! A small strict DER reader and writer: exactly the elements the RSA key structures use
//! (SEQUENCE, INTEGER, BIT STRING, OCTET STRING, NULL, OBJECT IDENTIFIER and context tags).
//!
//! Why our own and not the `der`/`pkcs8`/`pkcs1`/`spki`/`x509-cert` crates: those decoded the
//! same structures with 90 KB of wasm code (about 40 KB gzip, a sixth of the package), most of it
//! generic machinery for every ASN.1 type (DESIGN.md, "Why is DER read by our own code?"). The
//! rules kept: definite, minimal lengths; one-byte tags; non-negative minimal INTEGERs where a
//! number is read; nothing after the outermost element.

/// Universal tags.
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const SEQUENCE: u8 = 0x30;

/// rsaEncryption, 1.2.840.113549.1.1.1, as DER contents.
pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// id-Ed25519, 1.3.101.112 (RFC 8410 §3).
pub(crate) const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// Reads elements one after another from a byte string.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    /// The one element that `bytes` must be, nothing after it.
    pub(crate) fn only(bytes: &'a [u8], tag: u8) -> Option<Reader<'a>> {
        let mut outer = Reader::new(bytes);
        let contents = outer.next(tag)?;
        outer.end()?;
        Some(Reader::new(contents))
    }

    /// The next element's tag and contents.
    pub(crate) fn any(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.rest.split_first()?;
        if tag & 0x1f == 0x1f {
            return None; // multi-byte tag numbers: in none of these structures
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return None; // indefinite length (BER), or longer than any key
            }
            let (digits, rest) = rest.split_at_checked(count)?;
            if digits.first() == Some(&0) {
                return None; // not minimal
            }
            let len = digits
                .iter()
                .fold(0usize, |len, &digit| len << 8 | usize::from(digit));
            if len < 0x80 {
                return None; // the short form was required
            }
            (len, rest)
        };
        let (contents, rest) = rest.split_at_checked(len)?;
        self.rest = rest;
        Some((tag, contents))
    }

    /// The contents of the next element, which must have `tag`.
    pub(crate) fn next(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (found, contents) = self.any()?;
        (found == tag).then_some(contents)
    }

    /// The next element's tag, without reading it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element if it has `tag`; nothing read otherwise.
    pub(crate) fn optional(&mut self, tag: u8) -> Option<&'a [u8]> {
        if self.peek() == Some(tag) {
            self.next(tag)
        } else {
            None
        }
    }

    /// A SEQUENCE, as a reader of its elements.
    pub(crate) fn sequence(&mut self) -> Option<Reader<'a>> {
        self.next(SEQUENCE).map(Reader::new)
    }

    /// A non-negative INTEGER's big-endian magnitude (no sign byte).
    pub(crate) fn uint(&mut self) -> Option<&'a [u8]> {
        match self.next(INTEGER)? {
            [] => None,
            [first, ..] if *first >= 0x80 => None,     // negative
            [0, second, ..] if *second < 0x80 => None, // not minimal
            [0, rest @ ..] if !rest.is_empty() => Some(rest),
            bytes => Some(bytes),
        }
    }

    /// A non-negative INTEGER that fits 64 bits.
    pub(crate) fn small(&mut self) -> Option<u64> {
        let bytes = self.uint()?;
        (bytes.len() <= 8).then(|| {
            bytes
                .iter()
                .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
        })
    }

    /// An AlgorithmIdentifier: its OID and the parameters' reader (empty if absent).
    pub(crate) fn algorithm(&mut self) -> Option<(&'a [u8], Reader<'a>)> {
        let mut algorithm = self.sequence()?;
        let oid = algorithm.next(OID)?;
        Some((oid, algorithm))
    }

    /// What is left to read, as bytes (after `only`, an element's whole contents).
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Succeeds when everything has been read.
    pub(crate) fn end(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

/// An OID's contents in dotted form, for messages (`1.2.840.10045.2.1`).
pub(crate) fn oid_text(contents: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value = 0u64;
    for &byte in contents {
        value = value.saturating_mul(128).saturating_add(u64::from(byte & 0x7f));
        if byte & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.extend([first, value - 40 * first]);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    arcs.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

/// Appends one element.
pub(crate) fn write(out: &mut Vec<u8>, tag: u8, contents: &[u8]) {
    out.push(tag);
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let digits: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&digit| digit == 0)
            .collect();
        out.push(0x80 | digits.len() as u8);
        out.extend_from_slice(&digits);
    }
    out.extend_from_slice(contents);
}

/// Appends a non-negative INTEGER from big-endian bytes (leading zeros dropped, a zero byte
/// added before a high bit).
pub(crate) fn write_uint(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = match bytes.iter().position(|&byte| byte != 0) {
        Some(start) => bytes.get(start..).unwrap_or_default(),
        None => &[],
    };
    let mut contents = Vec::with_capacity(bytes.len() + 1);
    if bytes.first().map_or(true, |&top| top >= 0x80) {
        contents.push(0);
    }
    contents.extend_from_slice(bytes);
    write(out, INTEGER, &contents);
}

/// An RSA public key's DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7 with RFC 8017 §A.1.1).
pub(crate) fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut numbers = Vec::new();
    write_uint(&mut numbers, n);
    write_uint(&mut numbers, e);
    let mut key = Vec::new();
    write(&mut key, SEQUENCE, &numbers);
    let mut algorithm = Vec::new();
    write(&mut algorithm, OID, RSA_ENCRYPTION);
    write(&mut algorithm, NULL, &[]);
    spki(&algorithm, &key)
}

/// An EC `SubjectPublicKeyInfo` (RFC 5480 §2): id-ecPublicKey with the named curve's OID, and
/// the SEC1 point.
pub(crate) fn ec_spki(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
    let mut algorithm = Vec::new();
    write(&mut algorithm, OID, EC_PUBLIC_KEY);
    write(&mut algorithm, OID, curve_oid);
    spki(&algorithm, point)
}

/// An Ed25519 `SubjectPublicKeyInfo` (RFC 8410 §4): the OID without parameters, and the key.
pub(crate) fn ed25519_spki(key: &[u8]) -> Vec<u8> {
    let mut algorithm = Vec::new();
    write(&mut algorithm, OID, ED25519);
    spki(&algorithm, key)
}

/// `SEQUENCE { SEQUENCE algorithm, BIT STRING key }`.
fn spki(algorithm: &[u8], key_bytes: &[u8]) -> Vec<u8> {
    let mut key = vec![0u8]; // no unused bits
    key.extend_from_slice(key_bytes);
    let mut info = Vec::new();
    write(&mut info, SEQUENCE, algorithm);
    write(&mut info, BIT_STRING, &key);
    let mut out = Vec::new();
    write(&mut out, SEQUENCE, &info);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_integers_are_strict() {
        assert_eq!(Reader::new(&[0x02, 0x01, 0x05]).uint(), Some(&[5u8][..]));
        assert_eq!(Reader::new(&[0x02, 0x02, 0x00, 0x80]).uint(), Some(&[0x80u8][..]));
        assert_eq!(Reader::new(&[0x02, 0x01, 0x00]).uint(), Some(&[0u8][..]));
        assert_eq!(Reader::new(&[0x02, 0x02, 0x00, 0x05]).uint(), None, "not minimal");
        assert_eq!(Reader::new(&[0x02, 0x01, 0x80]).uint(), None, "negative");
        assert_eq!(Reader::new(&[0x02, 0x00]).uint(), None, "empty");
        assert_eq!(
            Reader::new(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]).next(OCTET_STRING),
            None,
            "long form for 5"
        );
        assert_eq!(
            Reader::new(&[0x04, 0x80, 0x00, 0x00]).next(OCTET_STRING),
            None,
            "indefinite"
        );
        assert_eq!(
            Reader::new(&[0x04, 0x03, 1, 2]).next(OCTET_STRING),
            None,
            "truncated"
        );
        assert_eq!(Reader::new(&[0x1f, 0x01, 0x00]).any(), None, "multi-byte tag");
        assert!(
            Reader::only(&[0x30, 0x00, 0x00], SEQUENCE).is_none(),
            "trailing bytes"
        );
        let long = [&[0x04, 0x82, 0x01, 0x00][..], &[7u8; 256]].concat();
        assert_eq!(Reader::new(&long).next(OCTET_STRING).map(<[u8]>::len), Some(256));
        assert_eq!(oid_text(RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
        assert_eq!(oid_text(&[0x2b, 0x65, 0x70]), "1.3.101.112");
    }

    #[test]
    fn written_integers_read_back() {
        for bytes in [&[][..], &[0], &[0, 0, 5], &[0x80], &[0x7f, 0xff], &[0xff; 300]] {
            let mut out = Vec::new();
            write_uint(&mut out, bytes);
            let expected: Vec<u8> = bytes.iter().copied().skip_while(|&byte| byte == 0).collect();
            let read = Reader::new(&out).uint().unwrap();
            assert_eq!(
                read.iter()
                    .copied()
                    .skip_while(|&byte| byte == 0)
                    .collect::<Vec<_>>(),
                expected
            );
        }
    }
}
