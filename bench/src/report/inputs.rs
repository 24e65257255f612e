//! What the report is computed from: the scenario records, criterion's medians, the machine and
//! the run's context, and the lookups the tables make in them.

use super::criterion::CriterionResult;
use crate::stats::Record;

/// The machine the run happened on.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// Logical CPUs.
    pub cpus: usize,
    /// CPU model.
    pub model: String,
    /// MemTotal, KiB.
    pub mem_kib: u64,
    /// Kernel release.
    pub kernel: String,
}

impl Machine {
    /// Reads `/proc`.
    pub fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Machine {
            cpus: cpuinfo.lines().filter(|l| l.starts_with("processor")).count(),
            model: cpuinfo
                .lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_else(|| "unknown".into()),
            mem_kib: meminfo
                .lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0),
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_owned(),
        }
    }
}

/// Everything that goes into the report.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// All scenario records (all servers).
    pub records: Vec<Record>,
    /// Criterion medians.
    pub criterion: Vec<CriterionResult>,
    /// The machine.
    pub machine: Machine,
    /// When (free text, e.g. `date -u`).
    pub date: String,
    /// How server and generator were pinned.
    pub pinning: String,
    /// Tool versions (free text).
    pub versions: String,
    /// Load average before the run.
    pub load_before: String,
    /// Load average after the run.
    pub load_after: String,
    /// Settings (free text: durations, N).
    pub settings: String,
    /// Wall time of the whole run, s.
    pub wall_seconds: f64,
    /// Profiles (already formatted Markdown), may be empty.
    pub profiles: String,
}

impl Inputs {
    pub(super) fn all(&self, server: &str, scenario: &str, conns: Option<u64>) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.server == server && r.scenario == scenario && conns.is_none_or(|c| c == r.conns))
            .collect()
    }

    /// The best round (highest rate) of a scenario: unrelated load only ever slows a run down.
    pub(super) fn rec(&self, server: &str, scenario: &str, conns: Option<u64>) -> Option<&Record> {
        self.all(server, scenario, conns).into_iter().fold(None, |best: Option<&Record>, r| match best {
            Some(b) if b.per_sec >= r.per_sec => Some(b),
            _ => Some(r),
        })
    }

    /// Errors summed over every round of a scenario.
    pub(super) fn errors_all(&self, server: &str, scenario: &str, conns: Option<u64>) -> u64 {
        self.all(server, scenario, conns).iter().map(|r| r.errors.total()).sum()
    }

    pub(super) fn crit(&self, id: &str) -> Option<f64> {
        self.criterion.iter().find(|c| c.id == id).map(|c| c.median_ns)
    }
}
