//! ECDSA verification with precomputed multiples of both points: `u1·G` from the curve crate's
//! base point table and `u2·Q` from a table of the key's own point, built once per key. Two table
//! multiplications cost about as much as the doublings alone of the crate's `lincomb` (the
//! Shamir ladder that `ecdsa::hazmat::verify_prehashed` runs), so a key that verifies more than
//! once (every private key checks each of its signatures) verifies about twice as fast. The
//! table holds 8 multiples for each byte of the scalar plus one: 25 KB for P-256, 56 KB for
//! P-384, 116 KB for P-521.
//!
//! Variable time: everything here is public (the key, the signature, the hash).

use elliptic_curve::array::typenum::Unsigned;
use elliptic_curve::group::Group;
use elliptic_curve::ops::{Invert, Reduce};
use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::{FieldBytes, FieldBytesSize, Scalar};
use primeorder::{LookupTable, PrimeCurveParams, ProjectivePoint, Radix16Decomposition, Radix16Digits};

/// `LookupTable`s of `P, 2P, …, 8P` times 256^i, for every byte i of a scalar and one more (the
/// layout of `primeorder::BasepointTable`, for any point).
pub(crate) struct PointTable<C: PrimeCurveParams> {
    tables: Vec<LookupTable<ProjectivePoint<C>>>,
}

impl<C: PrimeCurveParams> Clone for PointTable<C> {
    fn clone(&self) -> Self {
        PointTable {
            tables: self.tables.clone(),
        }
    }
}

impl<C: PrimeCurveParams> PointTable<C> {
    pub(crate) fn new(point: ProjectivePoint<C>) -> Self {
        let windows = FieldBytesSize::<C>::USIZE + 1;
        let mut tables = Vec::with_capacity(windows);
        let mut base = point;
        for _ in 0..windows {
            tables.push(LookupTable::new(base));
            for _ in 0..8 {
                base = base.double();
            }
        }
        PointTable { tables }
    }

    /// `k·P`, in variable time (`BasepointTable::mul_vartime` on this table).
    fn mul_vartime(&self, k: &Scalar<C>) -> ProjectivePoint<C> {
        let digits = Radix16Decomposition::<Radix16Digits<C>>::new(k);
        let len = FieldBytesSize::<C>::USIZE;
        let select = |table: usize, digit: usize| {
            self.tables
                .get(table)
                .map_or(ProjectivePoint::<C>::IDENTITY, |lookup| {
                    lookup.select_vartime(digits[digit])
                })
        };
        let mut even = select(len, len * 2);
        let mut odd = ProjectivePoint::<C>::IDENTITY;
        for i in (0..len).rev() {
            odd += &select(i, i * 2 + 1);
            even += &select(i, i * 2);
        }
        for _ in 0..4 {
            odd = odd.double();
        }
        even + odd
    }
}

/// The hash as a scalar (SEC 1 §4.1.3 step 5, as `ecdsa` computes it): its leftmost bits, as
/// many as the order has, reduced modulo n. Every hash here is at most the field's length.
fn hash_scalar<C: PrimeCurveParams>(hashed: &[u8]) -> Scalar<C>
where
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    let mut bytes = FieldBytes::<C>::default();
    let size = bytes.len();
    let start = size.saturating_sub(hashed.len());
    if let Some(tail) = bytes.get_mut(start..) {
        tail.copy_from_slice(hashed.get(..size - start).unwrap_or_default());
    }
    <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&bytes)
}

/// Checks `(r, s)` (already parsed: both in [1, n−1]) over `hashed` with `u1·G + u2·Q`, the
/// point `Q`'s multiples coming from `table`.
pub(crate) fn verify<C>(table: &PointTable<C>, hashed: &[u8], signature: &ecdsa::Signature<C>) -> bool
where
    C: PrimeCurveParams
        + ecdsa::EcdsaCurve
        + elliptic_curve::CurveArithmetic<ProjectivePoint = ProjectivePoint<C>>,
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    let (r, s) = signature.split_scalars();
    let s_inv = *s.invert_vartime();
    let u1 = hash_scalar::<C>(hashed) * s_inv;
    let u2 = *r * s_inv;
    let point = ProjectivePoint::<C>::mul_by_generator(&u1) + table.mul_vartime(&u2);
    let x = point.to_affine().x();
    !bool::from(point.is_identity()) && <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&x) == *r
}
