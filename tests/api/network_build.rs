//! Network construction, validation (every error and warning kind with its location),
//! topology from bare LineStrings, weights and the build report.

use corridors::geo::line_string;
use corridors::{
    Csr, Diagnostic, Error, FeatureId, Hub, HubKind, Mode, NetworkBuilder, ProblemKind,
    SegmentSpec, Severity, Speeds, Weighting,
};

const DEFECTS: &str = include_str!("../fixtures/network/defects.geojson");
const WARNINGS: &str = include_str!("../fixtures/network/warnings.geojson");

fn errors_of(label: &str, text: &str) -> Vec<Diagnostic> {
    let mut b = NetworkBuilder::new();
    b.merge(corridors::io::geojson::read_network_from(label, text.as_bytes()).unwrap());
    match b.build() {
        Err(Error::Invalid(d)) => d
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("expected the input to be rejected"),
    }
}

/// The single error of `kind` in the defects fixture; asserts file, feature and id.
fn defect(kind: ProblemKind, feature: usize, id: Option<&str>) -> Diagnostic {
    let all = errors_of("defects.geojson", DEFECTS);
    let found: Vec<&Diagnostic> = all.iter().filter(|d| d.kind == kind).collect();
    let d = found
        .iter()
        .find(|d| d.location.feature == Some(feature))
        .unwrap_or_else(|| panic!("no {kind:?} at feature {feature}: {all:#?}"));
    assert_eq!(d.location.file.as_deref(), Some("defects.geojson"));
    assert_eq!(d.location.id.as_deref(), id, "{d}");
    (*d).clone()
}

fn two_hubs() -> NetworkBuilder {
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
    b
}

mod errors {
    use super::*;

    #[test]
    fn every_defect_is_reported_not_just_the_first() {
        let all = errors_of("defects.geojson", DEFECTS);
        assert_eq!(all.len(), 15, "{all:#?}");
        // In input order.
        let features: Vec<usize> = all.iter().filter_map(|d| d.location.feature).collect();
        let mut sorted = features.clone();
        sorted.sort();
        assert_eq!(features, sorted);
    }

    #[test]
    fn invalid_json_names_the_line() {
        let all = errors_of(
            "broken.geojson",
            "{\"type\": \"FeatureCollection\",\n \"features\": [\n {\"type\": ",
        );
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].kind, ProblemKind::InvalidJson);
        assert_eq!(all[0].location.file.as_deref(), Some("broken.geojson"));
        assert_eq!(all[0].location.line, Some(3));
    }

    #[test]
    fn not_a_feature_collection() {
        let all = errors_of("x.json", r#"{"type": "Topology", "objects": {}}"#);
        assert_eq!(all[0].kind, ProblemKind::InvalidGeoJson);
        assert!(all[0].message.contains("Topology"), "{}", all[0]);
    }

    #[test]
    fn out_of_range_coordinate_hints_at_swapped_order() {
        let d = defect(ProblemKind::CoordinateOutOfRange, 2, Some("out_of_range"));
        assert!(d.message.contains("(lat, lon)"), "{d}");
    }

    #[test]
    fn swapped_coordinate_inside_valid_range() {
        let d = defect(ProblemKind::SwappedCoordinates, 3, Some("swapped_chetumal"));
        assert!(d.message.contains("looks swapped"), "{d}");
    }

    #[test]
    fn non_finite_coordinate_through_the_api() {
        let mut b = two_hubs();
        b.add_hub(Hub::new("nan", HubKind::Other, f64::NAN, 15.0));
        let err = b.build().unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.kind, ProblemKind::NonFiniteCoordinate);
        assert_eq!(d.location.id.as_deref(), Some("nan"));
        assert_eq!(d.location.file.as_deref(), Some("<builder>"));
    }

    #[test]
    fn missing_hub_id() {
        defect(ProblemKind::MissingId, 4, None);
    }

    #[test]
    fn duplicate_hub_id_names_both_places() {
        let d = defect(ProblemKind::DuplicateId, 5, Some("tapachula"));
        assert!(d.message.contains("feature 0"), "{d}");
    }

    #[test]
    fn duplicate_segment_id() {
        defect(ProblemKind::DuplicateId, 12, Some("r1"));
    }

    #[test]
    fn unknown_hub_kind() {
        let d = defect(ProblemKind::InvalidProperty, 6, Some("cdmx"));
        assert_eq!(d.location.field.as_deref(), Some("kind"));
    }

    #[test]
    fn unknown_mode() {
        let d = defect(ProblemKind::InvalidProperty, 13, Some("boat"));
        assert_eq!(d.location.field.as_deref(), Some("mode"));
    }

    #[test]
    fn unknown_hub_in_segment() {
        let d = defect(ProblemKind::UnknownHub, 7, Some("r1"));
        assert_eq!(d.location.field.as_deref(), Some("to"));
        assert!(d.message.contains("nowhere"));
    }

    #[test]
    fn one_point_line() {
        let d = defect(ProblemKind::EmptyGeometry, 8, Some("one_point"));
        assert!(d.message.contains("one point"));
    }

    #[test]
    fn empty_line() {
        defect(ProblemKind::EmptyGeometry, 9, Some("empty"));
    }

    #[test]
    fn negative_length() {
        let d = defect(ProblemKind::InvalidNumber, 10, Some("neg"));
        assert_eq!(d.location.field.as_deref(), Some("length_m"));
    }

    #[test]
    fn nan_minutes() {
        let d = defect(ProblemKind::InvalidNumber, 11, Some("nan_minutes"));
        assert_eq!(d.location.field.as_deref(), Some("minutes"));
    }

    #[test]
    fn multilinestring_with_hubs_and_disjoint_parts() {
        defect(ProblemKind::MultiLineString, 14, Some("multi"));
    }

    #[test]
    fn polygon_and_null_geometry() {
        defect(ProblemKind::UnsupportedGeometry, 15, Some("area"));
        defect(ProblemKind::UnsupportedGeometry, 16, Some("nothing"));
    }

    #[test]
    fn unreadable_file() {
        let mut b = NetworkBuilder::new();
        corridors::io::add_network_files(&mut b, &["/nonexistent/dir/hubs.geojson"]);
        let err = b.build().unwrap_err();
        assert_eq!(err.diagnostics()[0].kind, ProblemKind::Io);
        assert!(err.to_string().contains("/nonexistent/dir/hubs.geojson"));
    }

    #[test]
    fn negative_tolerance_is_an_argument_error() {
        let b = two_hubs().tolerance_m(-1.0);
        assert!(matches!(b.build(), Err(Error::InvalidArgument { .. })));
    }

    /// `InvalidArgument` names the argument as the caller wrote it, and its message reads
    /// "invalid argument NAME: REASON" without repeating the name.
    #[test]
    fn invalid_argument_names_the_argument() {
        let name = |e: Error| match e {
            Error::InvalidArgument { name, .. } => name,
            e => panic!("not an argument error: {e}"),
        };
        let e = two_hubs().tolerance_m(-1.0).build().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument tolerance_m: must be a finite number of metres ≥ 0, got -1"
        );
        let net = corridors::fixtures::triangle();
        // a hub reference inside `between` that names no hub is an unknown hub, with the
        // kinds that exist as suggestions
        let sel =
            |s: &[&str], t: &[&str]| corridors::demand::OdDemand::between(&net, s, t).map(|_| ());
        for e in [
            sel(&["a"], &["kind:castle"]).unwrap_err(),
            sel(&["kind:castle"], &["a"]).unwrap_err(),
            corridors::demand::select_hubs(&net, "kind:castle").unwrap_err(),
        ] {
            match e {
                Error::UnknownHub {
                    reference,
                    suggestions,
                } => {
                    assert_eq!(reference, "kind:castle");
                    assert!(suggestions.contains(&"kind:entry".to_string()));
                }
                e => panic!("not an unknown hub: {e}"),
            }
        }
        let idx = corridors::demand::OdDemand::between_indices(&net, &[0], &[99]).unwrap_err();
        assert_eq!(name(idx), "targets");
        let demand = corridors::demand::OdDemand::from_ids(&net, [("a", "b", -1.0)]);
        assert_eq!(name(demand.unwrap_err()), "triples");
        let k0 = corridors::map::classify(&[1.0], 0, corridors::map::ClassMethod::Jenks);
        assert_eq!(name(k0.unwrap_err()), "k");
    }

    #[test]
    fn invalid_oneway_and_id_types() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[-92,15]},"properties":{"id":1.5}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[-92,15],[-93,16]]},"properties":{"oneway":"maybe"}}]}"#;
        let all = errors_of("t.geojson", text);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].location.field.as_deref(), Some("id"));
        assert_eq!(all[1].location.field.as_deref(), Some("oneway"));
    }
}

mod warnings {
    use super::*;

    fn report() -> corridors::BuildReport {
        let mut b = NetworkBuilder::new();
        b.merge(
            corridors::io::geojson::read_network_from("warnings.geojson", WARNINGS.as_bytes())
                .unwrap(),
        );
        b.build().expect("warnings do not stop the build").1
    }

    fn one(kind: ProblemKind) -> Diagnostic {
        let r = report();
        let w: Vec<&Diagnostic> = r.warnings_of(kind).collect();
        assert_eq!(w.len(), 1, "{kind:?}: {:#?}", r.diagnostics);
        assert_eq!(w[0].severity, Severity::Warning);
        w[0].clone()
    }

    #[test]
    fn zero_length() {
        let w = one(ProblemKind::ZeroLength);
        assert_eq!(w.location.id.as_deref(), Some("zero"));
        assert_eq!(w.location.feature, Some(11));
    }

    #[test]
    fn self_loops() {
        let r = report();
        let ids: Vec<_> = r
            .warnings_of(ProblemKind::SelfLoop)
            .map(|d| d.location.id.clone().unwrap())
            .collect();
        assert_eq!(ids, vec!["loop", "zero"]);
    }

    #[test]
    fn isolated_hub() {
        assert_eq!(
            one(ProblemKind::IsolatedHub).location.id.as_deref(),
            Some("lonely")
        );
    }

    #[test]
    fn disconnected() {
        let w = one(ProblemKind::Disconnected);
        assert!(w.message.contains("3 connected components"), "{w}");
        assert_eq!(report().summary.components.len(), 3);
    }

    #[test]
    fn crossing_that_is_not_a_junction() {
        let w = one(ProblemKind::Crossing);
        assert_eq!(w.location.id.as_deref(), Some("ab"));
        assert!(w.message.contains("\"cd\""), "{w}");
        assert!(w.message.contains("-92.5"), "{w}");
    }

    #[test]
    fn end_far_from_its_hub() {
        let w = one(ProblemKind::EndpointFarFromHub);
        assert_eq!(w.location.id.as_deref(), Some("ef_far"));
        assert_eq!(w.location.field.as_deref(), Some("to"));
        assert!(w.message.contains("2223.9 m"), "{w}");
    }

    #[test]
    fn reversed_geometry_is_turned_round() {
        let w = one(ProblemKind::ReversedGeometry);
        assert_eq!(w.location.id.as_deref(), Some("ad_reversed"));
        let mut b = NetworkBuilder::new();
        b.merge(
            corridors::io::geojson::read_network_from("warnings.geojson", WARNINGS.as_bytes())
                .unwrap(),
        );
        let (net, _) = b.build().unwrap();
        let e = net.segment_index("ad_reversed").unwrap();
        let a = net.hub(net.hub_index("a").unwrap()).location;
        assert_eq!(net.segment(e).geometry.0[0], a.0);
    }

    #[test]
    fn touching_at_an_interior_vertex_is_a_crossing() {
        // Two lines meet at (-92.5, 15.5), a vertex of both, where no hub is.
        let mut b = NetworkBuilder::new();
        b.add_segment(SegmentSpec::line(
            line_string![(x: -92.0, y: 15.0), (x: -92.5, y: 15.5), (x: -93.0, y: 15.0)],
        ));
        b.add_segment(SegmentSpec::line(
            line_string![(x: -92.0, y: 16.0), (x: -92.5, y: 15.5), (x: -93.0, y: 16.0)],
        ));
        let (_, r) = b.build().unwrap();
        assert_eq!(r.warnings_of(ProblemKind::Crossing).count(), 1);
    }

    #[test]
    fn shared_hub_is_a_junction_not_a_crossing() {
        let (_, r) = crate::support::mexico_with_report();
        assert_eq!(r.warnings_of(ProblemKind::Crossing).count(), 0);
    }
}

mod model {
    use super::*;

    #[test]
    fn integer_ids_are_echoed_unchanged() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[-92,15]},"properties":{"id":101,"kind":"entry"}},
          {"type":"Feature","id":"b","geometry":{"type":"Point","coordinates":[-93,16]},"properties":{}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[-92,15],[-93,16]]},"properties":{"id":7,"from":101,"to":"b"}}]}"#;
        let mut b = NetworkBuilder::new();
        b.merge(corridors::io::geojson::read_network_from("ids.geojson", text.as_bytes()).unwrap());
        let (net, _) = b.build().unwrap();
        assert_eq!(net.hub(0).id, FeatureId::Int(101));
        assert_eq!(
            net.hub(1).id,
            FeatureId::Str("b".into()),
            "Feature.id is used when the property is absent"
        );
        let e = net.segment_index("7").unwrap();
        let fc = corridors::map::network_layer(&net);
        let json = serde_json::to_value(&fc).unwrap();
        let seg = &json["features"][e]["properties"];
        assert_eq!(seg["id"], serde_json::json!(7));
        assert_eq!(seg["from"], serde_json::json!(101));
        assert_eq!(seg["to"], serde_json::json!("b"));
    }

    #[test]
    fn parallel_segments_are_kept_and_neither_is_a_bridge() {
        let mut b = two_hubs();
        b.add_segment(SegmentSpec::between("road", "a", "b"));
        b.add_segment(SegmentSpec::between("rail", "a", "b").with_mode(Mode::Rail));
        let (net, r) = b.build().unwrap();
        assert_eq!(net.segment_count(), 2);
        assert!(r.summary.bridges.is_empty());
        assert_eq!(r.summary.segments_by_mode[&Mode::Rail], 1);
        assert_eq!(net.degree(0), 2);
    }

    #[test]
    fn geodesic_length_on_the_ellipsoid() {
        // Tapachula → Arriaga as a straight line. Reference from GeographicLib (Python):
        // Geodesic.WGS84.Inverse(14.90541, -92.25891, 16.23604, -93.89890)['s12']
        // = 229391.3744386119 m (haversine on the sphere would give 229 671.0 m).
        let mut b = NetworkBuilder::new();
        b.add_hub(Hub::new("tap", HubKind::Entry, -92.25891, 14.90541));
        b.add_hub(Hub::new("arr", HubKind::Transit, -93.89890, 16.23604));
        b.add_segment(SegmentSpec::between("s", "tap", "arr"));
        let (net, _) = b.build().unwrap();
        let l = net.segment(0).length_m;
        assert!((l - 229_391.374_438_611_9).abs() < 1e-6, "{l}");
    }

    #[test]
    fn given_length_overrides_geometry() {
        let mut b = two_hubs();
        let mut s = SegmentSpec::between("ab", "a", "b");
        s.length_m = Some(150_000.0);
        b.add_segment(s);
        let (net, _) = b.build().unwrap();
        assert_eq!(net.segment(0).length_m, 150_000.0);
    }

    #[test]
    fn summary_lists_bridges_articulation_points_and_length_by_mode() {
        let mut b = NetworkBuilder::new();
        for (id, lon) in [("a", -92.0), ("b", -93.0), ("c", -94.0)] {
            b.add_hub(Hub::new(id, HubKind::Transit, lon, 16.0));
        }
        b.add_segment(SegmentSpec::between("ab", "a", "b"));
        b.add_segment(SegmentSpec::between("bc", "b", "c").with_mode(Mode::Rail));
        let (net, r) = b.build().unwrap();
        assert_eq!(r.summary.bridges, vec!["ab", "bc"]);
        assert_eq!(r.summary.articulation_points, vec!["b"]);
        let total: f64 = net.segments().map(|s| s.length_m).sum();
        assert!((r.summary.total_length_m() - total).abs() < 1e-6);
        assert!(r.summary.length_m_by_mode[&Mode::Rail] > 100_000.0);
    }

    #[test]
    fn oneway_segments_are_one_arc_in_a_directed_csr() {
        let mut b = two_hubs();
        b.add_segment(SegmentSpec::between("ab", "a", "b").with_oneway(true));
        let (net, _) = b.build().unwrap();
        assert!(net.has_oneway());
        let w = Weighting::Length.weights(&net).unwrap();
        let directed = Csr::new(&net, &w, true);
        assert_eq!(directed.arc_count(), 1);
        assert_eq!(directed.arcs(1).count(), 0);
        assert_eq!(directed.reversed().arcs(1).count(), 1);
        assert_eq!(Csr::new(&net, &w, false).arc_count(), 2);
    }
}

mod topology {
    use super::*;

    #[test]
    fn bare_lines_share_hubs_at_common_ends_within_tolerance() {
        let mut b = NetworkBuilder::new().tolerance_m(5.0);
        b.add_segment(SegmentSpec::line(
            line_string![(x: -92.0, y: 15.0), (x: -92.5, y: 15.5)],
        ));
        // starts 2 m from the previous end (0.00002° of latitude ≈ 2.2 m)
        b.add_segment(SegmentSpec::line(
            line_string![(x: -92.5, y: 15.50002), (x: -93.0, y: 16.0)],
        ));
        // ends 20 m from the first start: outside the tolerance, a new hub
        b.add_segment(SegmentSpec::line(
            line_string![(x: -93.0, y: 16.0), (x: -92.0, y: 15.00018)],
        ));
        let (net, r) = b.build().unwrap();
        assert_eq!(net.hub_count(), 4, "{:?}", r.created_hubs);
        assert_eq!(r.created_hubs, vec!["n1", "n2", "n3", "n4"]);
        let (a0, a1) = net.endpoints(0);
        let (b0, b1) = net.endpoints(1);
        let (c0, c1) = net.endpoints(2);
        assert_eq!(a1, b0);
        assert_eq!(b1, c0);
        assert_ne!(c1, a0);
    }

    #[test]
    fn bare_line_ends_match_existing_hubs() {
        let mut b = two_hubs().tolerance_m(50.0);
        b.add_segment(SegmentSpec::line(
            line_string![(x: -92.0002, y: 15.0), (x: -92.1, y: 15.5), (x: -92.0, y: 16.0002)],
        ));
        let (net, r) = b.build().unwrap();
        assert!(r.created_hubs.is_empty());
        assert_eq!(net.endpoints(0), (0, 1));
        assert_eq!(net.segment(0).id.as_key(), "s1");
    }

    #[test]
    fn one_given_end_and_one_matched_end() {
        let mut b = two_hubs();
        let mut s = SegmentSpec::line(line_string![(x: -92.0, y: 15.0), (x: -92.0, y: 16.0)]);
        s.from = Some("a".into());
        b.add_segment(s);
        let (net, _) = b.build().unwrap();
        assert_eq!(net.endpoints(0), (0, 1));
    }

    #[test]
    fn multilinestring_without_hubs_is_split_and_joined_parts_are_merged() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[-92,15],[-92.5,15.5]],[[-93,16],[-93.5,16.5]]]},"properties":{"id":"m"}},
          {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[-92.5,15.5],[-92.7,15.7]],[[-92.7,15.7],[-93,16]]]},"properties":{"id":"joined"}}]}"#;
        let mut b = NetworkBuilder::new();
        b.merge(corridors::io::geojson::read_network_from("m.geojson", text.as_bytes()).unwrap());
        let (net, r) = b.build().unwrap();
        assert_eq!(net.segment_count(), 3);
        assert!(net.segment_index("m/0").is_some() && net.segment_index("m/1").is_some());
        let j = net.segment_index("joined").unwrap();
        assert_eq!(net.segment(j).geometry.0.len(), 3);
        // The joined line links the ends of both parts: one connected network.
        assert_eq!(r.summary.components.len(), 1);
    }
}

mod weights {
    use super::*;

    fn net_with(spec: impl FnOnce(&mut SegmentSpec)) -> corridors::Network {
        let mut b = two_hubs();
        let mut s = SegmentSpec::between("ab", "a", "b");
        spec(&mut s);
        b.add_segment(s);
        b.build().unwrap().0
    }

    #[test]
    fn minutes_from_minutes_speed_or_mode_default() {
        let given = net_with(|s| s.minutes = Some(42.0));
        let w = Weighting::Minutes(Speeds::default());
        assert_eq!(w.weights(&given).unwrap(), vec![42.0]);
        let fast = net_with(|s| s.speed_kmh = Some(100.0));
        let km = fast.segment(0).length_m / 1000.0;
        assert!((w.weights(&fast).unwrap()[0] - km / 100.0 * 60.0).abs() < 1e-9);
        let rail = net_with(|s| s.mode = Mode::Rail);
        assert!((w.weights(&rail).unwrap()[0] - km / 20.0 * 60.0).abs() < 1e-9);
        let custom = Weighting::Minutes(Speeds::default().set(Mode::Rail, 40.0));
        assert!((custom.weights(&rail).unwrap()[0] - km / 40.0 * 60.0).abs() < 1e-9);
    }

    #[test]
    fn property_weight_and_its_errors_name_the_segment() {
        let ok = net_with(|s| {
            s.properties.insert("risk".into(), serde_json::json!(3.5));
        });
        let w: Weighting = "risk".parse().unwrap();
        assert_eq!(w.weights(&ok).unwrap(), vec![3.5]);
        let missing = net_with(|_| {});
        let e = w.weights(&missing).unwrap_err();
        assert!(
            matches!(&e, Error::Weight { segment, .. } if segment == "ab"),
            "{e}"
        );
        let negative = net_with(|s| {
            s.properties.insert("risk".into(), serde_json::json!(-1));
        });
        assert!(
            w.weights(&negative)
                .unwrap_err()
                .to_string()
                .contains("≥ 0")
        );
        let text = net_with(|s| {
            s.properties
                .insert("risk".into(), serde_json::json!("high"));
        });
        assert!(
            w.weights(&text)
                .unwrap_err()
                .to_string()
                .contains("not a number")
        );
    }

    #[test]
    fn a_near_miss_weight_name_gets_a_hint() {
        let net = net_with(|_| {});
        let e = "minute"
            .parse::<Weighting>()
            .unwrap()
            .weights(&net)
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean minutes?"), "{e}");
        let e = "lanes"
            .parse::<Weighting>()
            .unwrap()
            .weights(&net)
            .unwrap_err()
            .to_string();
        assert!(
            !e.contains("did you mean") && e.contains("minutes and length"),
            "{e}"
        );
    }

    #[test]
    fn minutes_is_the_default() {
        let net = net_with(|_| {});
        assert_eq!(Weighting::default(), Weighting::Minutes(Default::default()));
        assert_eq!(
            Weighting::default().weights(&net).unwrap()[0],
            Weighting::Minutes(Default::default())
                .weights(&net)
                .unwrap()[0]
        );
        assert_ne!(
            Weighting::default().weights(&net).unwrap()[0],
            net.segment(0).length_m
        );
        assert_eq!("length".parse::<Weighting>().unwrap(), Weighting::Length);
    }
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Arbitrary text never panics the reader or the builder.
        #[test]
        fn arbitrary_text_never_panics(s in ".{0,200}") {
            let mut b = NetworkBuilder::new();
            b.merge(corridors::io::geojson::read_network_from("fuzz", s.as_bytes()).unwrap());
            let _ = b.build();
        }

        /// Arbitrary numbers as coordinates, lengths and tolerances never panic.
        #[test]
        fn arbitrary_numbers_never_panic(
            x in prop::num::f64::ANY, y in prop::num::f64::ANY,
            x2 in -200.0..200.0f64, y2 in -100.0..100.0f64,
            len in prop::num::f64::ANY, tol in prop::num::f64::ANY,
        ) {
            let mut b = NetworkBuilder::new().tolerance_m(tol);
            b.add_hub(Hub::new("h", HubKind::Other, x, y));
            let mut s = SegmentSpec::line(line_string![(x: x, y: y), (x: x2, y: y2)]);
            s.length_m = Some(len);
            b.add_segment(s);
            let _ = b.build();
        }

        /// Structurally valid GeoJSON with random values never panics either.
        #[test]
        fn random_feature_collections_never_panic(
            coords in prop::collection::vec((-181.0..181.0f64, -91.0..91.0f64), 0..6),
            from in prop::option::of(0u8..4), to in prop::option::of(0u8..4),
        ) {
            let pts: Vec<String> = coords.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            let mut feats: Vec<String> = coords.iter().enumerate().map(|(i, (x, y))| format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"id":{i}}}}}"#)).collect();
            let ends = |v: Option<u8>| v.map_or("null".to_string(), |v| v.to_string());
            feats.push(format!(
                r#"{{"type":"Feature","geometry":{{"type":"LineString","coordinates":[{}]}},"properties":{{"from":{},"to":{}}}}}"#,
                pts.join(","), ends(from), ends(to)));
            let text = format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, feats.join(","));
            let mut b = NetworkBuilder::new();
            b.merge(corridors::io::geojson::read_network_from("gen", text.as_bytes()).unwrap());
            let _ = b.build();
        }
    }
}
