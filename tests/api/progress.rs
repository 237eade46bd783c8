//! Progress reporting: every phase of a network read, a build, a case read and a snapping
//! run is announced, its increments add up to its total, only go up, and it is finished; and
//! every result is the same with and without progress, at any thread count.

use std::sync::Mutex;

use corridors::cases::{SegmentIndex, SnapOptions, snap_points};
use corridors::io::geojson::NetworkReadOptions;
use corridors::progress::{NoProgress, Progress, Unit};
use corridors::{Exec, Network};
use geo::Point;

use crate::support::MEXICO_FILES;

#[derive(Clone, Debug, PartialEq)]
enum Event {
    Phase(String, Option<u64>, Unit),
    Start(u64),
    Inc(u64),
    Finish,
}

/// Records every call, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl Progress for Recorder {
    fn start(&self, total: u64) {
        self.0.lock().unwrap().push(Event::Start(total));
    }
    fn inc(&self, n: u64) {
        self.0.lock().unwrap().push(Event::Inc(n));
    }
    fn finish(&self) {
        self.0.lock().unwrap().push(Event::Finish);
    }
    fn phase(&self, name: &str, total: Option<u64>, unit: Unit) {
        self.0
            .lock()
            .unwrap()
            .push(Event::Phase(name.to_string(), total, unit));
    }
}

/// One phase as recorded: its name (empty for an unnamed start), total, unit, the
/// increments and whether it was finished.
#[derive(Debug)]
struct Seen {
    name: String,
    total: Option<u64>,
    unit: Unit,
    incs: Vec<u64>,
    finished: bool,
}

impl Recorder {
    /// The events as phases; panics on an increment or finish outside a phase.
    fn phases(self) -> Vec<Seen> {
        let mut out: Vec<Seen> = Vec::new();
        for e in self.0.into_inner().unwrap() {
            match e {
                Event::Phase(name, total, unit) => out.push(Seen {
                    name,
                    total,
                    unit,
                    incs: Vec::new(),
                    finished: false,
                }),
                Event::Start(total) => out.push(Seen {
                    name: String::new(),
                    total: Some(total),
                    unit: Unit::Items,
                    incs: Vec::new(),
                    finished: false,
                }),
                Event::Inc(n) => {
                    let p = out.last_mut().expect("an increment inside a phase");
                    assert!(!p.finished, "an increment after finish: {p:?}");
                    p.incs.push(n);
                }
                Event::Finish => {
                    let p = out.last_mut().expect("a finish inside a phase");
                    assert!(!p.finished, "finished twice: {p:?}");
                    p.finished = true;
                }
            }
        }
        out
    }
}

/// Every phase is finished, its increments are positive (the position only goes up), never
/// pass the total and add up to it.
fn assert_complete(phases: &[Seen]) {
    for p in phases {
        assert!(p.finished, "not finished: {p:?}");
        let mut done = 0;
        for &n in &p.incs {
            assert!(n > 0, "an empty increment: {p:?}");
            done += n;
            assert!(p.total.is_none_or(|t| done <= t), "past the total: {p:?}");
        }
        assert_eq!(Some(done), p.total, "{p:?}");
    }
}

/// Everything a network holds that a computation could see, bit for bit.
fn fingerprint(net: &Network) -> String {
    let mut s = String::new();
    for h in net.hubs() {
        s += &format!("{:?}\n", h);
    }
    for (e, seg) in net.segments().enumerate() {
        s += &format!(
            "{:?} {:?} {} {}\n",
            net.endpoints(e),
            seg,
            seg.length_m.to_bits(),
            seg.minutes.map_or(0, f64::to_bits)
        );
    }
    s
}

#[test]
fn a_network_read_reports_every_byte_and_unit_of_every_phase() {
    let rec = Recorder::default();
    let (net, report) = corridors::io::load_network_with_progress(
        &MEXICO_FILES,
        1.0,
        &NetworkReadOptions::default(),
        &rec,
    )
    .unwrap();
    let phases = rec.phases();
    assert_complete(&phases);
    let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "reading data/mexico/hubs.geojson",
            "parsing data/mexico/hubs.geojson",
            "reading data/mexico/segments.geojson",
            "parsing data/mexico/segments.geojson",
            "building network",
            "summarising network",
            "checking crossings",
        ]
    );
    for (p, file) in phases[..4].iter().zip([0, 0, 1, 1]) {
        let size = std::fs::metadata(MEXICO_FILES[file]).unwrap().len();
        assert_eq!((p.total, p.unit), (Some(size), Unit::Bytes), "{p:?}");
    }
    // the 700 KB segments file is parsed in several reports, not one per feature
    assert!(phases[3].incs.len() > 1, "{:?}", phases[3]);
    assert!(
        phases[3].incs.len() < net.segment_count(),
        "{:?}",
        phases[3]
    );
    assert_eq!(
        phases[4].total,
        Some((net.hub_count() + net.segment_count()) as u64)
    );
    assert_eq!(phases[4].unit, Unit::Items);
    // the same network and report as without progress
    let (plain, plain_report) = corridors::io::load_network(&MEXICO_FILES, 1.0).unwrap();
    assert_eq!(report, plain_report);
    assert_eq!(fingerprint(&net), fingerprint(&plain));
}

#[test]
fn without_topology_checks_the_build_has_two_phases() {
    let mut b = corridors::NetworkBuilder::new().check_topology(false);
    corridors::io::add_network_files(&mut b, &MEXICO_FILES);
    let rec = Recorder::default();
    let (net, _) = b.build_with_progress(&rec).unwrap();
    let phases = rec.phases();
    assert_complete(&phases);
    let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["building network", "summarising network"]);
    for p in &phases {
        assert_eq!(
            p.total,
            Some((net.hub_count() + net.segment_count()) as u64)
        );
    }
}

#[test]
fn a_failed_build_finishes_its_phase() {
    let mut b = corridors::NetworkBuilder::new();
    b.add_segment(corridors::SegmentSpec::between("ab", "a", "b"));
    let rec = Recorder::default();
    assert!(b.build_with_progress(&rec).is_err());
    let phases = rec.phases();
    assert_eq!(phases.len(), 1);
    assert!(phases[0].finished);
}

#[test]
fn crossings_are_the_same_with_progress_at_any_thread_count() {
    // the parallel crossing search, on one thread and on the default pool
    let load = || {
        let rec = Recorder::default();
        let (_, report) = corridors::io::load_network_with_progress(
            &MEXICO_FILES,
            1.0,
            &NetworkReadOptions::default(),
            &rec,
        )
        .unwrap();
        (report, rec.phases())
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (single, single_phases) = one.install(load);
    let (many, many_phases) = load();
    assert_eq!(single, many);
    assert_eq!(
        single_phases.last().unwrap().incs.iter().sum::<u64>(),
        many_phases.last().unwrap().incs.iter().sum::<u64>()
    );
}

#[test]
fn a_case_file_read_reports_its_bytes() {
    let path = "data/mexico/cases_synthetic.csv";
    let rec = Recorder::default();
    let r = corridors::io::read_cases_with_progress(path, &Default::default(), &rec).unwrap();
    assert_eq!(
        r,
        corridors::io::read_cases(path, &Default::default()).unwrap()
    );
    let size = std::fs::metadata(path).unwrap().len();
    let phases = rec.phases();
    // a file with dates is read twice (the day-month order first); the last pass is whole
    let last = phases.last().unwrap();
    assert!(last.finished);
    assert_eq!(last.total, Some(size));
    assert_eq!(last.incs.iter().sum::<u64>(), size);
    assert!(phases.iter().all(|p| p.name == format!("reading {path}")));
}

/// `n` points spread over the Mexico network's bounding box.
fn points(n: usize) -> Vec<Point<f64>> {
    (0..n)
        .map(|i| {
            let t = i as f64 / n as f64;
            Point::new(
                -117.0 + 30.0 * t,
                14.5 + 18.0 * ((i * 7919) % n) as f64 / n as f64,
            )
        })
        .collect()
}

#[test]
fn snapping_reports_every_point_and_gives_the_same_result() {
    let net = crate::support::mexico();
    let index = SegmentIndex::new(&net).unwrap();
    let pts = points(5_000);
    let opts = SnapOptions::default();
    let plain = snap_points(&index, &pts, &opts, &Exec::default()).unwrap();
    for threshold in [0, usize::MAX] {
        let rec = Recorder::default();
        let exec = Exec {
            progress: &rec,
            parallel_threshold: threshold,
            ..Exec::default()
        };
        let with = snap_points(&index, &pts, &opts, &exec).unwrap();
        assert_eq!(with, plain);
        let phases = rec.phases();
        assert_complete(&phases);
        assert_eq!(phases.len(), 1);
        assert_eq!(phases[0].total, Some(pts.len() as u64));
        // reported per block of points, not per point
        assert!(
            phases[0].incs.len() < pts.len() / 100,
            "{}",
            phases[0].incs.len()
        );
    }
}

#[test]
fn the_default_phase_is_a_start() {
    struct Starts(Mutex<Vec<u64>>);
    impl Progress for Starts {
        fn start(&self, total: u64) {
            self.0.lock().unwrap().push(total);
        }
    }
    let s = Starts(Mutex::new(Vec::new()));
    s.phase("reading", Some(7), Unit::Bytes);
    s.phase("counting", None, Unit::Items);
    assert_eq!(*s.0.lock().unwrap(), [7, 0]);
    NoProgress.phase("nothing", None, Unit::Items);
}

#[test]
fn indexing_segments_reports_every_segment_and_indexes_the_same() {
    let net = crate::support::mexico();
    let rec = Recorder::default();
    let with = SegmentIndex::new_with_progress(&net, &rec).unwrap();
    let phases = rec.phases();
    assert_complete(&phases);
    let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["indexing segments"]);
    assert_eq!(phases[0].total, Some(net.segment_count() as u64));
    let plain = SegmentIndex::new(&net).unwrap();
    assert_eq!(with.piece_count(), plain.piece_count());
    let pts = points(2_000);
    let opts = SnapOptions::default();
    assert_eq!(
        snap_points(&with, &pts, &opts, &Exec::default()).unwrap(),
        snap_points(&plain, &pts, &opts, &Exec::default()).unwrap()
    );
}

#[test]
fn simplifying_reports_every_hub_and_segment_and_gives_the_same_network() {
    use corridors::network::{SimplifyOptions, simplify, simplify_with_progress};
    let (net, _) = corridors::io::osm::load_osm_pbf(
        "data/osm/helsinki.osm.pbf",
        &corridors::io::osm::OsmOptions::default(),
    )
    .unwrap();
    let rec = Recorder::default();
    let (with, with_report) =
        simplify_with_progress(&net, &SimplifyOptions::default(), &rec).unwrap();
    let phases = rec.phases();
    assert_complete(&phases);
    let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["simplifying network"]);
    assert_eq!(
        phases[0].total,
        Some((net.hub_count() + net.segment_count()) as u64)
    );
    let (plain, plain_report) = simplify(&net, &SimplifyOptions::default()).unwrap();
    assert_eq!(with_report, plain_report);
    assert!(plain_report.hubs_removed > 0, "{plain_report:?}");
    assert_eq!(fingerprint(&with), fingerprint(&plain));
}
