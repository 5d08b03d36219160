//! A small stable sort for the short lists the model sorts (a dozen sensitivity rows, a
//! few hundred break-even steps at most). `slice::sort_by` would give the same order, but
//! each of its instances costs the page a few KB of WebAssembly.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (insertion sort): the order `slice::sort_by` gives for the
/// same total order.
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_order_as_std(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut a = v.clone();
            let mut b = v;
            sort_by(&mut a, |x, y| x.0.cmp(&y.0));
            b.sort_by_key(|x| x.0);
            prop_assert_eq!(a, b);
        }
    }
}
