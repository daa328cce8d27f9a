//! Counts said in words: "1 part", "3 parts".

/// `n` and `noun`, plural unless `n` is one. Every noun the app counts takes an `s`.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1u8, "part"), "1 part");
        assert_eq!(count(0u8, "part"), "0 parts");
        assert_eq!(count(500u16, "rep"), "500 reps");
    }
}
