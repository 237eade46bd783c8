//! Readers on real-shaped files: every kind of bad row is reported with line and column.

use corridors::ProblemKind;
use corridors::cases::StopPlace;
use corridors::io::{ReadOptions, csv, geojson};

const FIX: &str = "tests/fixtures/cases";

fn errs(r: &[corridors::Diagnostic]) -> Vec<(u64, Option<String>)> {
    r.iter()
        .map(|d| (d.location.line.unwrap_or(0), d.location.field.clone()))
        .collect()
}

#[test]
fn bad_rows_are_all_reported_with_line_and_column() {
    let r = csv::read_cases(format!("{FIX}/bad_rows.csv"), &ReadOptions::default()).unwrap();
    // a case is dropped only when its location is unusable
    let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        ["B01", "B02", "B03", "B12", "B13", "B14", "B15", "B20"]
    );
    assert_eq!(r.rows, 20);
    assert_eq!(r.records.len() + r.errors.len(), r.rows, "no row lost");
    let f = |s: &str| Some(s.to_string());
    let expected: Vec<(u64, Option<String>)> = vec![
        (5, None),      // empty row
        (6, f("lat")),  // missing latitude
        (7, f("lat")),  // latitude out of range
        (8, f("lat")),  // swapped
        (9, f("lat")),  // 75 minutes
        (10, f("lat")), // E on a latitude
        (11, f("lat")), // not a number
        (12, f("lat")), // NaN
        (17, f("lon")), // longitude out of range
        (18, f("lon")), // inf
        (19, f("lon")), // invalid UTF-8 (read as Windows-1252: "-92.25ÿ89")
        (20, f("lat")), // sign and hemisphere
    ];
    assert_eq!(errs(&r.errors), expected);
    assert!(r.errors[3].message.contains("swapped"), "{}", r.errors[3]);
    assert!(
        r.errors[7].message.contains("\"NaN\" is not a number"),
        "{}",
        r.errors[7]
    );
    assert_eq!(r.errors[2].kind, ProblemKind::CoordinateOutOfRange);
    for e in &r.errors {
        assert!(e.to_string().contains("bad_rows.csv: line "), "{e}");
        assert_eq!(e.severity, corridors::Severity::Error);
    }
    // the rejected rows keep their ids
    assert_eq!(r.errors[1].location.id.as_deref(), Some("B05"));
    // kept cases with a field left empty: warnings naming line, column and value
    let expected_warnings: Vec<(u64, Option<String>)> = vec![
        (3, None),        // too few fields
        (4, None),        // too many fields
        (13, f("date")),  // 30 February
        (14, f("date")),  // ambiguous day/month form
        (15, f("count")), // negative
        (16, f("count")), // fractional
    ];
    assert_eq!(errs(&r.warnings), expected_warnings);
    assert!(
        r.warnings[2].message.contains("2024-02-30"),
        "{}",
        r.warnings[2]
    );
    assert!(
        r.warnings[4].message.contains("\"-2\""),
        "{}",
        r.warnings[4]
    );
    for w in &r.warnings {
        assert_eq!(w.severity, corridors::Severity::Warning);
        assert!(w.location.id.is_some(), "{w}");
    }
    let kept = |id: &str| {
        r.records
            .iter()
            .find(|c| c.id.as_deref() == Some(id))
            .unwrap()
    };
    assert_eq!(kept("B12").date, None);
    assert_eq!(kept("B14").count, None);
    assert_eq!(kept("B02").count, None);
    assert_eq!(kept("B20").count, Some(2));
    // strict mode fails with all of them
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    let err = csv::read_cases(format!("{FIX}/bad_rows.csv"), &strict).unwrap_err();
    assert_eq!(err.diagnostics().len(), 18);
}

#[test]
fn ngo_dms_spreadsheet() {
    let r = csv::read_cases(format!("{FIX}/ngo_dms.csv"), &ReadOptions::default()).unwrap();
    let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "NGO-001", "NGO-002", "NGO-003", "NGO-004", "NGO-005", "NGO-006"
        ]
    );
    let p = |i: usize| (r.records[i].location.x(), r.records[i].location.y());
    let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6;
    assert!(close(
        p(0),
        (
            -(92.0 + 15.0 / 60.0 + 32.0 / 3600.0),
            14.0 + 54.0 / 60.0 + 19.4 / 3600.0
        )
    ));
    assert!(close(p(1), (-(93.0 + 54.0 / 60.0), 16.0 + 14.1 / 60.0)));
    assert!(close(
        p(2),
        (
            -(86.0 + 50.0 / 60.0 + 46.0 / 3600.0),
            21.0 + 9.0 / 60.0 + 43.0 / 3600.0
        )
    ));
    assert!(close(p(3), (-99.1332, 19.4326)));
    assert!(close(p(4), (-(96.0 + 43.0 / 60.0 + 30.0 / 3600.0), 17.06)));
    assert!(close(
        p(5),
        (-(106.0 + 29.0 / 60.0), 31.0 + 44.0 / 60.0 + 12.0 / 3600.0)
    ));
    assert_eq!(r.records[0].count, Some(2));
    assert_eq!(r.records[3].date.unwrap().to_string(), "2024-03-11");
    assert_eq!(
        errs(&r.errors),
        vec![(8, Some("Latitud".into())), (9, Some("Latitud".into()))]
    );
    assert!(r.errors[0].message.contains("below 60"));
    // personal data dropped, other columns kept
    assert_eq!(
        r.dropped_columns,
        [
            "Nombre de la víctima",
            "Teléfono",
            "Correo electrónico",
            "Número de pasaporte"
        ]
    );
    assert_eq!(
        r.records[0].properties.keys().collect::<Vec<_>>(),
        ["Observaciones"]
    );
    // … unless kept explicitly
    let keep = ReadOptions {
        keep_columns: vec!["Teléfono".into()],
        ..Default::default()
    };
    let r = csv::read_cases(format!("{FIX}/ngo_dms.csv"), &keep).unwrap();
    assert_eq!(r.records[0].properties["Teléfono"], "+52 962 555 0101");
    assert_eq!(r.dropped_columns.len(), 3);
}

#[test]
fn missing_migrants_export_with_hxl_row() {
    let r = csv::read_mmp(format!("{FIX}/mmp_sample.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(r.rows, 8, "the HXL row is not a data row");
    let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "2023.MMP00101",
            "2023.MMP00102",
            "2023.MMP00103",
            "2023.MMP00104",
            "2023.MMP00105",
            "2023.MMP00107",
            "2023.MMP00108"
        ]
    );
    let c = &r.records[2];
    assert_eq!(c.route.as_deref(), Some("US-Mexico border crossing"));
    assert_eq!(c.count, Some(2));
    assert_eq!((c.location.x(), c.location.y()), (-106.4865, 31.7507));
    let dms = &r.records[3];
    assert!((dms.location.y() - 31.49).abs() < 1e-9 && (dms.location.x() + 111.545).abs() < 1e-9);
    assert_eq!(
        errs(&r.errors),
        vec![(8, Some("location_coodinates".into()))]
    );
    // an unreadable count leaves the case in, its count empty
    assert_eq!(
        errs(&r.warnings),
        vec![(9, Some("total_dead_and_missing".into()))]
    );
    assert!(
        r.warnings[0].message.contains("\"one\""),
        "{}",
        r.warnings[0]
    );
    assert_eq!(r.records[5].count, None);
    // a file without the MMP columns is rejected as a whole
    let e = csv::read_mmp_from(
        "x.csv",
        &b"id,lat,lon\n1,2,3\n"[..],
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("total_dead_and_missing"), "{e}");
}

#[test]
fn htcds_events_become_ordered_itineraries() {
    let r = csv::read_htcds(format!("{FIX}/htcds_events.csv"), &ReadOptions::default()).unwrap();
    let ids: Vec<_> = r.records.iter().map(|i| i.case_id.as_str()).collect();
    // HT-2023-004 keeps its events with an unknown type and an impossible date
    assert_eq!(
        ids,
        [
            "HT-2023-001",
            "HT-2023-002",
            "HT-2023-003",
            "HT-2023-004",
            "HT-2023-006"
        ]
    );
    let name = |s: &StopPlace| match s {
        StopPlace::Place { name, .. } => name.clone(),
        StopPlace::Point(_) => "<point>".into(),
    };
    let names = |i: usize| {
        r.records[i]
            .stops
            .iter()
            .map(|s| name(&s.place))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(0), ["San Pedro Sula", "<point>", "Cancún"]);
    assert_eq!(
        names(1),
        ["tapachula", "Oaxaca", "CIUDAD JUAREZ"],
        "sorted by date"
    );
    assert_eq!(r.records[1].victims, 3);
    assert_eq!(names(4), ["3516266", "Cancún"], "undated: by event type");
    assert_eq!(names(3), ["Cancún", "Cancún"]);
    assert_eq!(r.records[3].stops[0].kind, None);
    assert_eq!(r.records[3].stops[1].date, None);
    let e = |ds: &[corridors::Diagnostic]| -> Vec<_> {
        ds.iter()
            .map(|d| {
                (
                    d.location.line.unwrap(),
                    d.location.field.clone(),
                    d.severity,
                )
            })
            .collect()
    };
    use corridors::Severity::{Error as E, Warning as W};
    assert_eq!(
        e(&r.errors),
        vec![
            (10, Some("hte_Latitude".into()), E),
            (13, Some("hte_CaseId".into()), E),
            (14, Some("hte_City".into()), E),
        ]
    );
    assert_eq!(
        e(&r.warnings),
        vec![
            (11, Some("hte_Type".into()), W),
            (12, Some("hte_Date".into()), W),
            (12, Some("hte_Date".into()), W), // HT-2023-004 has an undated stop
            (15, Some("hte_Date".into()), W),
        ]
    );
    for col in [
        "prs_FirstName",
        "prs_SecondName",
        "prs_MobilePhone",
        "hte_Street",
        "hte_Description",
    ] {
        assert!(
            r.dropped_columns.iter().any(|c| c == col),
            "{col} not dropped"
        );
    }
}

#[test]
fn geojson_points_with_bad_features() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"g1","geometry":{"type":"Point","coordinates":[-92.26,14.9]},"properties":{"date":"2024-01-02","count":3,"full_name":"X Y","site":"bus terminal"}},
      {"type":"Feature","geometry":null,"properties":{}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[14.9,-192.26]},"properties":{}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26,14.9]},"properties":{"date":"yesterday"}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26]},"properties":{}},
      {"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{}}
    ]}"#;
    let r =
        geojson::read_cases_from("pts.geojson", text.as_bytes(), &ReadOptions::default()).unwrap();
    // the feature with an unreadable date is kept, its date empty
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.records[1].date, None);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].location.feature, Some(3));
    assert!(
        r.warnings[0].message.contains("yesterday"),
        "{}",
        r.warnings[0]
    );
    assert_eq!(r.records[0].id.as_deref(), Some("g1"));
    assert_eq!(r.records[0].count, Some(3));
    assert_eq!(r.records[0].properties.keys().collect::<Vec<_>>(), ["site"]);
    assert_eq!(r.dropped_columns, ["full_name"]);
    let f: Vec<_> = r
        .errors
        .iter()
        .map(|d| d.location.feature.unwrap())
        .collect();
    assert_eq!(f, [1, 2, 4, 5]);
    assert!(geojson::read_cases_from("x", "[1,2".as_bytes(), &ReadOptions::default()).is_err());
    assert!(geojson::read_cases_from("x", "{}".as_bytes(), &ReadOptions::default()).is_err());
}

#[test]
fn geojson_cases_in_utf16_or_with_a_bom_are_read_with_a_note() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"Cancún","geometry":{"type":"Point","coordinates":[-86.85,21.16]},"properties":{}}]}"#;
    let o = ReadOptions::default();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let r = geojson::read_cases_from("u16.geojson", &utf16[..], &o).unwrap();
    assert_eq!(r.records[0].id.as_deref(), Some("Cancún"));
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].message.contains("UTF-16LE"),
        "{}",
        r.warnings[0]
    );
    // UTF-8 with a BOM: no note
    let bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    let r = geojson::read_cases_from("bom.geojson", &bom[..], &o).unwrap();
    assert_eq!((r.records.len(), r.warnings.len()), (1, 0));
}

#[test]
fn file_level_problems_are_errors_not_panics() {
    let o = ReadOptions::default();
    assert!(csv::read_cases_from("e.csv", &b""[..], &o).is_err());
    assert!(csv::read_cases_from("n.csv", &b"id,name\n1,a\n"[..], &o).is_err());
    assert!(csv::read_cases("does/not/exist.csv", &o).is_err());
    // header-only file: no rows, no errors
    let r = csv::read_cases_from("h.csv", &b"lat,lon\n"[..], &o).unwrap();
    assert_eq!((r.rows, r.records.len(), r.errors.len()), (0, 0, 0));
    // HXL-only header, single "lat, lon" column, BOM
    let r = csv::read_cases_from(
        "x.csv",
        "\u{feff}#geo+coord,#event+id\n\"14.9, -92.2\",7\n".as_bytes(),
        &o,
    )
    .unwrap();
    assert_eq!(r.records[0].id.as_deref(), Some("7"));
    assert_eq!(r.records[0].location.x(), -92.2);
    // arbitrary bytes never panic, whatever dialect the header suggests
    let headers: [&[u8]; 4] = [
        b"lat,lon,date,count\n",
        b"Folio;Fecha;Latitud;Longitud;V\xedctimas\r\n",
        b"\xff\xfel\x00a\x00t\x00\t\x00l\x00o\x00n\x00\n\x00",
        b"id|coordinates|year|month\r",
    ];
    for header in headers {
        for seed in 0u32..200 {
            let bytes: Vec<u8> = (0..64)
                .map(|i| (seed.wrapping_mul(2654435761).wrapping_add(i * 40503) >> 7) as u8)
                .collect();
            let mut input = header.to_vec();
            input.extend(bytes);
            if let Ok(r) = csv::read_cases_from("fuzz.csv", &input[..], &o) {
                assert_eq!(r.records.len() + r.errors.len(), r.rows, "no row lost");
            }
            let _ = csv::read_htcds_from("fuzz.csv", &input[..], &o);
        }
    }
}
