//! Bounds on what one input file may hold, so a hostile or broken export costs a clear
//! message instead of all the memory or stack. Set from the command line
//! (`--max-file-size`, `--max-line-length`, `--max-depth`,
//! `--max-columns`, `--max-total-size`); the defaults suit real exports
//! with room to spare. `--groups-in-memory` bounds what the rules keep of the logs.

/// The bounds applied while reading exports and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read whole (snapshots, configurations, logs up to the streaming
    /// threshold). A larger log is streamed instead; any other larger file is refused.
    pub max_file_bytes: u64,
    /// The longest line of a streamed log (JSON lines or CSV); a longer line is skipped
    /// and reported, without being held in memory.
    pub max_line_bytes: usize,
    /// The deepest nesting of arrays and objects in a JSON document or line; a deeper
    /// document (or line) is refused (skipped). At most [`MAX_DEPTH_CEILING`].
    pub max_depth: usize,
    /// The most columns a CSV header may have; a wider file is refused as a whole
    /// (real exports have a few dozen), so that no row is ever copied per column.
    pub max_columns: usize,
    /// The most bytes all the files read whole in one run may add up to (streamed logs do
    /// not count); a file that would pass it is refused, so many large snapshots cannot
    /// add up to more memory than the machine has.
    pub max_total_bytes: u64,
    /// The findings a check holds in memory at a time: past this many, they are sorted
    /// in runs of this size in a temporary file and kept there in report order, read by
    /// the formats as a stream (`finding::sorter`, `finding::store`). Not a flag: the
    /// tests set it low to take that path on small inputs.
    pub findings_in_memory: usize,
    /// The most bytes (about) the logs' aggregated rules' groups may take in memory
    /// while the logs are read (a rule counting failures per user holds a group per
    /// user); past it, groups are written to a temporary file and merged back as each
    /// rule settles (`engine::overflow`), so a large tenant's groups take no more memory
    /// than a small one's. 0 writes them out in the smallest runs (4 KiB).
    pub groups_in_memory: usize,
}

/// Default for [`Limits::max_file_bytes`]: 256 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Default for [`Limits::max_line_bytes`]: 64 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 * 1024 * 1024;
/// Default for [`Limits::max_depth`]: 64 levels (real exports nest fewer than 10).
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// Default for [`Limits::findings_in_memory`]: 4,096 findings (about 1.4 MiB).
pub const DEFAULT_FINDINGS_IN_MEMORY: usize = 4_096;
/// Default for [`Limits::groups_in_memory`]: 256 KiB. At 5M events of the benchmark the
/// peak RSS then stays at the start-up level (median 37 MiB against 40 with 1 MiB and 43
/// with 4 MiB), for 0.5% more instructions than 1 MiB (`docs/performance.md`,
/// "Seventeenth round").
pub const DEFAULT_GROUPS_IN_MEMORY: usize = 256 * 1024;
/// The JSON parser refuses anything nested deeper than this, whatever the limit says.
pub const MAX_DEPTH_CEILING: usize = 128;
/// Default for [`Limits::max_columns`]: 4096 columns.
pub const DEFAULT_MAX_COLUMNS: usize = 4096;
/// Default for [`Limits::max_total_bytes`]: 1 GiB.
pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_columns: DEFAULT_MAX_COLUMNS,
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            findings_in_memory: DEFAULT_FINDINGS_IN_MEMORY,
            groups_in_memory: DEFAULT_GROUPS_IN_MEMORY,
        }
    }
}

/// A size as written on the command line: bytes, or a number with `KiB`, `MiB`, `GiB`
/// (or `K`, `M`, `G`, `KB`, `MB`, `GB`, all powers of 1024).
///
/// # Errors
/// A message naming the value.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(not_a_size(text)),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .filter(|n| *n > 0)
        .ok_or_else(|| not_a_size(text))
}

/// As [`parse_size`], where a size of 0 (`0`, `0MiB`) is taken too: for a bound whose
/// 0 means "nothing", such as `--groups-in-memory`.
///
/// # Errors
/// A message naming the value.
pub fn parse_size_or_zero(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let digits = trimmed.trim_end_matches(|c: char| !c.is_ascii_digit());
    let zero = !digits.is_empty() && digits.bytes().all(|b| b == b'0');
    if zero {
        // The unit must still be one: `0` as `1` would be a size.
        let one = format!("1{}", &trimmed[digits.len()..]);
        return parse_size(&one).map(|_| 0).map_err(|_| not_a_size(text));
    }
    parse_size(text)
}

fn not_a_size(text: &str) -> String {
    format!("`{text}` is not a size (such as 512MiB or 1048576)")
}

/// Where JSON `text` first nests deeper than `max` (a byte offset), if it does. Brackets
/// inside strings do not count. Cheap when the text holds few brackets.
#[must_use]
pub fn too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let opening = bytes.iter().filter(|b| matches!(b, b'{' | b'[')).count();
    if opening <= max {
        return None;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Some(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The reason given for a document or line past [`Limits::max_depth`].
#[must_use]
pub fn too_deep_reason(max: usize) -> String {
    format!("nested deeper than {max} levels (the limit; see --max-depth)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("2 g"), Ok(2 << 30));
        assert_eq!(parse_size("10kb"), Ok(10 << 10));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 TB").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn sizes_or_zero() {
        assert_eq!(parse_size_or_zero("0"), Ok(0));
        assert_eq!(parse_size_or_zero("0MiB"), Ok(0));
        assert_eq!(parse_size_or_zero(" 00 k"), Ok(0));
        assert_eq!(parse_size_or_zero("4MiB"), Ok(4 << 20));
        assert!(parse_size_or_zero("0 lots").is_err());
        assert!(parse_size_or_zero("none").is_err());
        assert!(parse_size_or_zero("").is_err());
    }

    #[test]
    fn depth_ignores_brackets_in_strings() {
        assert_eq!(too_deep(r#"{"a": [[1]]}"#, 3), None);
        assert_eq!(too_deep(r#"{"a": [[[1]]]}"#, 3), Some(8));
        assert_eq!(too_deep(r#"{"a": "[[[[[[", "b": "\"[[[["}"#, 1), None);
        assert_eq!(too_deep(r#"[{}, {}, {}, {}]"#, 2), None);
        let deep = "[".repeat(100_000);
        assert_eq!(too_deep(&deep, 64), Some(64));
    }
}
