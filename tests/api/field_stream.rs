//! Streaming case reads, dates kept as periods (day, month, year) and filtered by overlap,
//! and the HTCDS roles of the alias table. Every input here is SYNTHETIC (written inline).

use std::io::Cursor;

use corridors::cases::{
    AggregateOptions, CaseRecord, Date, DatePeriod, DatePrecision, SnapResult, SnapStatus,
    aggregate_points,
};
use corridors::io::ReadOptions;
use corridors::io::aliases::{ColumnRole, aliases, find_column, normalise_header};
use corridors::io::csv::{
    read_cases, read_cases_from, read_htcds_from, stream_cases, stream_cases_from,
};
use corridors::io::dates::DateFormat;
use corridors::io::dialect::TextEncoding;

fn stream(csv: &str) -> Vec<corridors::io::csv::CaseRow> {
    stream_cases_from(
        "mem.csv",
        Cursor::new(csv.as_bytes().to_vec()),
        &ReadOptions::default(),
    )
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn the_stream_gives_one_row_per_data_row_in_file_order() {
    // a day-first date at the END decides the order used for the ambiguous one on line 2:
    // the first pass over the date column is what makes that possible
    let csv = "id,date,lat,lon,count\n\
               A1,02/03/2021,14.9,-92.26,2\n\
               A2,,91,-92,1\n\
               ,,,\n\
               A4,2021-07,15,-93,x\n\
               A5,13/03/2021,16,-94,1,extra\n";
    let rows = stream(csv);
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);
    let a1 = rows[0].record.as_ref().unwrap();
    assert_eq!(a1.date.unwrap().to_string(), "2021-03-02");
    // unusable location: an error carrying the id
    let e = rows[1].record.as_ref().unwrap_err();
    assert_eq!(e.location.id.as_deref(), Some("A2"));
    assert_eq!(e.location.field.as_deref(), Some("lat"));
    assert_eq!(rows[2].record.as_ref().unwrap_err().message, "empty row");
    // a month is kept as a month; a bad count leaves the count empty with a warning
    let a4 = rows[3].record.as_ref().unwrap();
    assert_eq!(a4.date.unwrap().precision(), DatePrecision::Month);
    assert_eq!(a4.count, None);
    assert_eq!(rows[3].warnings.len(), 1);
    assert_eq!(rows[3].warnings[0].location.field.as_deref(), Some("count"));
    // a row with a field too many keeps its case, with a warning
    assert!(rows[4].record.is_ok());
    assert!(rows[4].warnings[0].message.contains("expected 5 fields"));
}

#[test]
fn stream_and_whole_file_reads_agree() {
    let mut csv = String::from("folio;fecha;latitud;longitud;víctimas\n");
    for i in 0..3000 {
        // 13/.. on the last row only: day-first for the whole file
        let day = if i == 2999 { 13 } else { 1 + i % 12 };
        csv.push_str(&format!(
            "F{i};{day:02}/{:02}/2022;{},{};-92,{};{}\n",
            1 + (i + 1) % 12,
            14 + i % 5,
            i % 97,
            i % 89,
            i % 4
        ));
    }
    let whole = read_cases_from("mem.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
    let rows = stream(&csv);
    assert_eq!(rows.len(), whole.rows);
    let streamed: Vec<CaseRecord> = rows.into_iter().filter_map(|r| r.record.ok()).collect();
    assert_eq!(streamed, whole.records);
    assert_eq!(whole.records.len(), 3000);
    // every date but the last is ambiguous; the last (13/01) makes the file day-first
    assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
    assert_eq!(whole.records[0].date.unwrap().to_string(), "2022-02-01");
    assert_eq!(whole.records[1].date.unwrap().to_string(), "2022-03-02");
    assert_eq!(whole.records[2999].date.unwrap().to_string(), "2022-01-13");
}

#[test]
fn a_file_streams_from_disk_and_reports_its_final_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.csv");
    // UTF-8 head, then (past the 64 KiB head) one Windows-1252 byte: read as `Mixed`
    let mut bytes = b"id,lat,lon,place\n".to_vec();
    let mut n = 0;
    while bytes.len() < 70 * 1024 {
        bytes.extend_from_slice(format!("C{n},14.9,-92.2,Tapachula\n").as_bytes());
        n += 1;
    }
    bytes.extend_from_slice(b"LAST,15,-93,Canc\xfan\n");
    std::fs::write(&path, &bytes).unwrap();
    let mut rows = stream_cases(&path, &ReadOptions::default()).unwrap();
    let mut last = None;
    for r in &mut rows {
        last = Some(r.unwrap());
    }
    let last = last.unwrap().record.unwrap();
    assert_eq!(last.properties["place"], "Cancún");
    assert_eq!(rows.dialect().encoding, TextEncoding::Mixed);
    assert_eq!(rows.rows_read(), n + 1);
    let report = read_cases(&path, &ReadOptions::default()).unwrap();
    assert_eq!(report.dialect.unwrap().encoding, TextEncoding::Mixed);
    assert_eq!(report.records.len(), n + 1);
}

#[test]
fn an_explicit_date_format_needs_no_first_pass_and_strict_still_fails() {
    let csv = "id,date,lat,lon\nA,03/02/2021,14.9,-92.2\nB,2021,15,-93\n";
    let opts = ReadOptions {
        date_format: DateFormat::MonthFirst,
        ..Default::default()
    };
    let rows: Vec<_> = stream_cases_from("m.csv", Cursor::new(csv), &opts)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let dates: Vec<String> = rows
        .iter()
        .map(|r| r.record.as_ref().unwrap().date.unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2021-03-02", "2021"]);
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    // an ambiguous date with no evidence is a warning, which strict mode refuses
    assert!(read_cases_from("m.csv", csv.as_bytes(), &strict).is_err());
    assert!(stream_cases_from("x.csv", Cursor::new("id,name\n1,2\n"), &opts).is_err());
}

#[test]
fn periods_filter_by_overlap() {
    let (net, _) = corridors::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .unwrap();
    let csv = "id,date,lat,lon\nD,2023-07-04,14.9,-92.2\nM,2023-07,14.9,-92.2\nY,2023,14.9,-92.2\nN,,14.9,-92.2\nO,2022-12,14.9,-92.2\n";
    let r = read_cases_from("m.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
    let precisions: Vec<_> = r
        .records
        .iter()
        .map(|c| c.date.map(|d| d.precision()))
        .collect();
    assert_eq!(
        precisions,
        [
            Some(DatePrecision::Day),
            Some(DatePrecision::Month),
            Some(DatePrecision::Year),
            None,
            Some(DatePrecision::Month)
        ]
    );
    let index = corridors::cases::SegmentIndex::new(&net).unwrap();
    let points: Vec<_> = r.records.iter().map(|c| c.location).collect();
    let snaps: Vec<SnapResult> = corridors::cases::snap_points(
        &index,
        &points,
        &corridors::cases::SnapOptions {
            max_distance_m: f64::INFINITY,
        },
        &Default::default(),
    )
    .unwrap();
    assert!(snaps.iter().all(|s| s.status == SnapStatus::Matched));
    let d = |y, m, day| {
        Some(Date {
            year: y,
            month: m,
            day,
        })
    };
    let counted = |from, to| {
        aggregate_points(&net, &r.records, &snaps, &AggregateOptions { from, to })
            .unwrap()
            .cases_counted
    };
    assert_eq!(counted(None, None), 5);
    // 15–20 July 2023 meets the month and the year, not the day (4 July) nor Dec 2022
    assert_eq!(counted(d(2023, 7, 15), d(2023, 7, 20)), 2);
    // from 2023-01-01: everything dated in 2023
    assert_eq!(counted(d(2023, 1, 1), None), 3);
    // until 2022-12-31: the December 2022 month only; the year 2023 does not meet it
    assert_eq!(counted(None, d(2022, 12, 31)), 1);
    let y2023: DatePeriod = "2023".parse().unwrap();
    assert!(y2023.overlaps(d(2023, 12, 31), None));
}

#[test]
fn htcds_roles_come_from_the_alias_table() {
    for role in [
        ColumnRole::CaseId,
        ColumnRole::EventType,
        ColumnRole::City,
        ColumnRole::State,
        ColumnRole::Country,
    ] {
        assert_eq!(aliases(role).role, role);
    }
    let header = [
        "Caso ID",
        "Fecha",
        "Tipo de evento",
        "Ciudad",
        "Entidad federativa",
        "País",
    ];
    let names: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
    let tags = vec![None; names.len()];
    let col = |r| find_column(r, &names, &tags);
    assert_eq!(
        [
            col(ColumnRole::CaseId),
            col(ColumnRole::Date),
            col(ColumnRole::EventType),
            col(ColumnRole::City),
            col(ColumnRole::State),
            col(ColumnRole::Country)
        ],
        [Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)]
    );
    // a Spanish table of events reads as HTCDS
    let csv = "id_caso;fecha;tipo;ciudad;estado;pais\n\
               C1;05/03/2024;Exploitation;Cancún;Quintana Roo;MX\n\
               C1;13/01/2024;Recruitment;Tapachula;Chiapas;MX\n";
    let r = read_htcds_from("es.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(r.records.len(), 1);
    let it = &r.records[0];
    assert_eq!(it.case_id, "C1");
    let dates: Vec<String> = it
        .stops
        .iter()
        .map(|s| s.date.unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2024-01-13", "2024-03-05"]);
    match &it.stops[0].place {
        corridors::cases::StopPlace::Place { name, state, .. } => {
            assert_eq!(
                (name.as_str(), state.as_deref()),
                ("Tapachula", Some("Chiapas"))
            );
        }
        other => panic!("expected a place, got {other:?}"),
    }
}
