//! Reading criterion's medians from `target/criterion`.

use std::path::Path;

/// A criterion benchmark median.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// `group/param` id, e.g. `list_one_row_change/1000`.
    pub id: String,
    /// Median, ns.
    pub median_ns: f64,
}

/// Reads every `new/estimates.json` under `dir` (criterion's output), modified at or after
/// `since` (seconds since the epoch; 0 = any), with the id from the sibling `benchmark.json`.
pub fn read_criterion(dir: &Path, since: u64) -> Vec<CriterionResult> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut visited = 0;
    while let Some(d) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if !p.is_dir() {
                continue;
            }
            if p.file_name().is_some_and(|n| n == "new") {
                if let Some(r) = read_one(&p, since) {
                    out.push(r);
                }
            } else if p.file_name().is_none_or(|n| n != "report" && n != "base" && n != "change") {
                stack.push(p);
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn read_one(new_dir: &Path, since: u64) -> Option<CriterionResult> {
    let est_path = new_dir.join("estimates.json");
    let modified = std::fs::metadata(&est_path).ok()?.modified().ok()?;
    let secs = modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    if secs < since {
        return None;
    }
    let est: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&est_path).ok()?).ok()?;
    let bench: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(new_dir.join("benchmark.json")).ok()?).ok()?;
    Some(CriterionResult {
        id: bench.get("full_id")?.as_str()?.to_owned(),
        median_ns: est.get("median")?.get("point_estimate")?.as_f64()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_new_estimates_and_skips_base_and_old_runs() {
        let d = std::env::temp_dir().join(format!("lvbench-crit-{}", std::process::id()));
        let new = d.join("list_one_row_change").join("1000").join("new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(
            new.join("estimates.json"),
            r#"{"mean":{"point_estimate":5.0},"median":{"point_estimate":4200.5}}"#,
        )
        .unwrap();
        std::fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"list_one_row_change","full_id":"list_one_row_change/1000"}"#,
        )
        .unwrap();
        let base = d.join("list_one_row_change").join("1000").join("base");
        std::fs::create_dir_all(&base).unwrap();
        let r = read_criterion(&d, 0);
        assert_eq!(r, vec![CriterionResult { id: "list_one_row_change/1000".into(), median_ns: 4200.5 }]);
        assert!(read_criterion(&d, u64::MAX).is_empty());
        assert!(read_criterion(&d.join("missing"), 0).is_empty());
        let _ = std::fs::remove_dir_all(&d);
    }
}
