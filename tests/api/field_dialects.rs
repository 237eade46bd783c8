//! The field-file building blocks (`io::dialect`, `io::dates`, `io::aliases`) on the
//! SYNTHETIC fixtures of `tests/fixtures/field/`, composed the way the case reader is meant
//! to compose them (see `read_field_points` below): decode, sniff, split, find the columns,
//! decide the date order per column, then read every row, dropping a case only when its
//! location is unusable.

use corridors::cases::DatePeriod;
use corridors::io::aliases::{ColumnRole, find_column, normalise_header};
use corridors::io::dates::{DateEvidence, DateFormat, DateOrder, DateRule, period_from_year_month};
use corridors::io::dialect::{
    Delimiter, Dialect, DialectOptions, TextEncoding, parse_coordinate_in, parse_lat_lon_in,
    parse_number, sniff,
};
use corridors::io::hxl::{Axis, HxlTag, is_hxl_row};

/// One row as the integrated reader should report it.
#[derive(Debug)]
struct Row {
    line: u64,
    id: Option<String>,
    /// `(lon, lat)`, or the reason the case is `invalid`.
    location: Result<(f64, f64), String>,
    date: Option<DatePeriod>,
    count: Option<f64>,
    /// Non-location problems: the case is kept, the field left empty.
    warnings: Vec<String>,
}

struct Read {
    dialect: Dialect,
    date_rule: Option<DateRule>,
    rows: Vec<Row>,
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/field/{name}")).unwrap()
}

/// The prototype of the integrated reader, built only from the public building blocks.
fn read_field_points(bytes: &[u8], format: DateFormat) -> Read {
    let (text, dialect) = sniff(bytes, &DialectOptions::default());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter.byte())
        .from_reader(text.text.as_bytes());
    let mut records = rdr.records().map(|r| r.unwrap());
    let header = records.next().unwrap();
    let names: Vec<String> = header.iter().map(normalise_header).collect();
    let mut tags: Vec<Option<HxlTag>> = vec![None; names.len()];
    let mut body: Vec<(u64, Vec<String>)> = Vec::new();
    for (i, r) in records.enumerate() {
        let cells: Vec<String> = r.iter().map(str::to_string).collect();
        if i == 0 && is_hxl_row(&cells) {
            tags = cells.iter().map(|c| HxlTag::parse(c)).collect();
            tags.resize(names.len(), None);
            continue;
        }
        body.push((r.position().unwrap().line(), cells));
    }
    let col = |role| find_column(role, &names, &tags);
    let (id, date, year, month, count) = (
        col(ColumnRole::Id),
        col(ColumnRole::Date),
        col(ColumnRole::Year),
        col(ColumnRole::Month),
        col(ColumnRole::Count),
    );
    let (lat, lon, coord) = (
        col(ColumnRole::Latitude),
        col(ColumnRole::Longitude),
        col(ColumnRole::Coordinates),
    );
    // first pass over the date column only: the day-month order of the file
    let date_rule = date.map(|c| {
        let mut ev = DateEvidence::default();
        for (line, cells) in &body {
            if let Some(v) = cells.get(c) {
                ev.observe(*line, v);
            }
        }
        ev.rule(format)
    });
    let cell = |cells: &Vec<String>, c: Option<usize>| {
        c.and_then(|c| cells.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let rows = body
        .iter()
        .map(|(line, cells)| {
            let mut warnings = Vec::new();
            if cells.len() != names.len() {
                warnings.push(format!(
                    "expected {} fields as in the header, found {}",
                    names.len(),
                    cells.len()
                ));
            }
            let location = match (lat, lon, coord) {
                (Some(la), Some(lo), _) => {
                    let get = |c: usize| cells.get(c).map_or("", String::as_str);
                    parse_coordinate_in(get(la), Axis::Lat, &dialect)
                        .and_then(|y| {
                            parse_coordinate_in(get(lo), Axis::Lon, &dialect).map(|x| (x, y))
                        })
                        .map_err(|e| e.message)
                }
                (_, _, Some(c)) => {
                    parse_lat_lon_in(cells.get(c).map_or("", String::as_str), &dialect)
                        .map_err(|e| e.message)
                }
                _ => Err("no coordinate columns".into()),
            };
            let mut date_value = match (date, &date_rule) {
                (Some(c), Some(rule)) => rule
                    .parse(cells.get(c).map_or("", String::as_str))
                    .unwrap_or_else(|e| {
                        warnings.push(e);
                        None
                    }),
                _ => None,
            };
            if date_value.is_none()
                && let Some(y) = year
            {
                let m = month.and_then(|m| cells.get(m)).map_or("", String::as_str);
                date_value = period_from_year_month(cells.get(y).map_or("", String::as_str), m)
                    .unwrap_or_else(|e| {
                        warnings.push(e);
                        None
                    });
            }
            let count = cell(cells, count).and_then(|s| {
                parse_number(&s, dialect.decimal_comma)
                    .map_err(|e| warnings.push(e))
                    .ok()
            });
            Row {
                line: *line,
                id: cell(cells, id),
                location,
                date: date_value,
                count,
                warnings,
            }
        })
        .collect();
    Read {
        dialect,
        date_rule,
        rows,
    }
}

fn dates(r: &Read) -> Vec<Option<String>> {
    r.rows
        .iter()
        .map(|r| r.date.map(|d| d.to_string()))
        .collect()
}

#[test]
fn current_iom_export() {
    let r = read_field_points(&fixture("iom_mmp_current.csv"), DateFormat::Auto);
    assert_eq!(
        r.dialect,
        Dialect {
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Comma,
            decimal_comma: false
        }
    );
    // the weekdays show the US order: "Tue, 03/02/2021" is 2 March (a Tuesday)
    assert_eq!(
        r.date_rule.as_ref().unwrap().order(),
        Some(DateOrder::MonthFirst)
    );
    assert_eq!(r.rows.len(), 6);
    assert_eq!(
        dates(&r),
        [
            Some("2021-03-02".to_string()),
            Some("2021-03-14".into()),
            Some("2021-04-05".into()),
            Some("2021-07-11".into()),
            Some("2021-08".into()), // no date: Incident Year + Reported Month, a month
            Some("2021-12-01".into()),
        ]
    );
    assert_eq!(r.rows[0].id.as_deref(), Some("2021.MMP001"));
    assert_eq!(r.rows[0].location, Ok((-93.8917, 16.2402)));
    assert_eq!(r.rows[1].count, Some(3.0));
    // only the row without coordinates is unusable
    let invalid: Vec<u64> = r
        .rows
        .iter()
        .filter(|r| r.location.is_err())
        .map(|r| r.line)
        .collect();
    assert_eq!(invalid, [7]);
    assert!(r.rows.iter().all(|r| r.warnings.is_empty()), "{:?}", r.rows);
}

#[test]
fn older_hdx_export_with_hashtags() {
    let r = read_field_points(&fixture("hdx_mmp_older.csv"), DateFormat::Auto);
    assert_eq!(r.dialect.delimiter, Delimiter::Comma);
    let ids: Vec<_> = r.rows.iter().map(|r| r.id.clone().unwrap()).collect();
    assert_eq!(ids, ["50311", "50312", "50313", "50314"]);
    // lines count the header and the hashtag row
    assert_eq!(r.rows[0].line, 3);
    assert_eq!(
        dates(&r),
        [
            Some("2019-05-14".to_string()),
            Some("2019-06-02".into()),
            Some("2019-06".into()),
            Some("2019".into()),
        ]
    );
    assert_eq!(r.rows[3].location, Ok((-112.590416, 32.22804)));
    assert_eq!(r.rows[1].count, Some(3.0));
    assert_eq!(
        r.date_rule.as_ref().unwrap().decision().describe(),
        "no numeric day/month dates"
    );
}

#[test]
fn spanish_excel_windows_1252() {
    let r = read_field_points(&fixture("es_excel_cp1252.csv"), DateFormat::Auto);
    assert_eq!(
        r.dialect,
        Dialect {
            encoding: TextEncoding::Windows1252,
            delimiter: Delimiter::Semicolon,
            decimal_comma: true
        }
    );
    assert_eq!(
        r.date_rule.as_ref().unwrap().order(),
        Some(DateOrder::DayFirst)
    );
    assert_eq!(r.rows.len(), 6);
    // CRLF line ends: lines 2..=7
    let lines: Vec<u64> = r.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    assert_eq!(r.rows[0].location, Ok((-92.26, 14.905)));
    assert_eq!(r.rows[0].count, Some(2.0));
    assert_eq!(
        dates(&r),
        [
            Some("2021-03-02".to_string()),
            Some("2021-03-15".into()),
            Some("2021-04-01".into()),
            None,
            None,
            Some("2021-05-03".into()),
        ]
    );
    // the impossible date is a warning, the case is kept with its location
    assert!(r.rows[4].location.is_ok());
    assert_eq!(r.rows[4].warnings.len(), 1, "{:?}", r.rows[4].warnings);
    assert!(r.rows[4].warnings[0].contains("31/02/2021"));
    // the missing latitude makes the case invalid, its id is kept
    assert_eq!(r.rows[5].id.as_deref(), Some("EDO-0006"));
    assert!(
        r.rows[5]
            .location
            .as_ref()
            .unwrap_err()
            .contains("missing latitude")
    );
    // no other row has a warning
    let warned: Vec<u64> = r
        .rows
        .iter()
        .filter(|r| !r.warnings.is_empty())
        .map(|r| r.line)
        .collect();
    assert_eq!(warned, [6]);
}

#[test]
fn spanish_excel_header_keeps_its_accents() {
    let bytes = fixture("es_excel_cp1252.csv");
    let (text, _) = sniff(&bytes, &DialectOptions::default());
    assert!(
        text.text
            .starts_with("Folio;Fecha;Latitud;Longitud;Víctimas;Municipio;Observación;")
    );
    assert!(text.text.contains("Cancún"));
}

#[test]
fn utf16_tab_separated() {
    let r = read_field_points(&fixture("utf16le_tabs.txt"), DateFormat::Auto);
    assert_eq!(
        r.dialect,
        Dialect {
            encoding: TextEncoding::Utf16Le,
            delimiter: Delimiter::Tab,
            decimal_comma: true
        }
    );
    assert_eq!(
        dates(&r),
        [
            Some("2021-03-02".to_string()),
            Some("2021-03".into()),
            Some("2021".into()),
            Some("2021-03-02".into()),
        ]
    );
    assert_eq!(r.rows[2].date.unwrap().day(), None);
    assert_eq!(r.rows[3].location, Ok((-100.3161, 25.6866)));
    assert_eq!(
        r.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 4, 5]
    );
}

#[test]
fn ragged_rows_keep_their_ids() {
    let r = read_field_points(&fixture("ragged_rows.csv"), DateFormat::Auto);
    assert_eq!(r.rows.len(), 6);
    let ids: Vec<_> = r.rows.iter().map(|r| r.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["R-01", "R-02", "R-03", "R-04", "R-05", "R-06"]);
    // too few / too many fields: warned, id kept
    assert!(r.rows[1].warnings[0].contains("found 5"));
    assert!(r.rows[2].warnings[0].contains("found 7"));
    // NaN longitude: invalid, and said so (not "two hemisphere letters")
    let e = r.rows[3].location.as_ref().unwrap_err();
    assert!(e.contains("\"NaN\" is not a number"), "{e}");
    // bad date, bad count: kept, with a warning naming the value
    assert!(r.rows[4].location.is_ok() && r.rows[4].date.is_none());
    assert!(r.rows[4].warnings[0].contains("\"yesterday\""));
    assert!(r.rows[5].location.is_ok() && r.rows[5].count.is_none());
    assert!(r.rows[5].warnings[0].contains("\"many\""));
}

#[test]
fn explicit_date_format_overrides_the_file() {
    // a Spanish file with only ambiguous dates: undecided unless told
    let bytes = "folio;fecha;latitud;longitud\nA;02/03/2021;14,9;-92,2\nB;04/05/2021;14,9;-92,2\n";
    let r = read_field_points(bytes.as_bytes(), DateFormat::Auto);
    assert_eq!(r.date_rule.as_ref().unwrap().order(), None);
    assert_eq!(dates(&r), [None, None]);
    assert!(
        r.rows
            .iter()
            .all(|r| r.location.is_ok() && r.warnings.len() == 1)
    );
    let r = read_field_points(bytes.as_bytes(), DateFormat::DayFirst);
    assert_eq!(
        dates(&r),
        [Some("2021-03-02".to_string()), Some("2021-05-04".into())]
    );
}

// ---- the integrated readers on the same fixtures ----

mod readers {
    use corridors::cases::DatePrecision;
    use corridors::io::ReadOptions;
    use corridors::io::csv::{read_cases, read_cases_from};
    use corridors::io::dates::{DateDecision, DateFormat, DateOrder};
    use corridors::io::dialect::{Delimiter, Dialect, DialectOptions, TextEncoding};

    fn read(name: &str) -> corridors::io::ReadReport<corridors::cases::CaseRecord> {
        read_cases(
            format!("tests/fixtures/field/{name}"),
            &ReadOptions::default(),
        )
        .unwrap()
    }

    fn days(r: &corridors::io::ReadReport<corridors::cases::CaseRecord>) -> Vec<Option<String>> {
        r.records
            .iter()
            .map(|c| c.date.map(|d| d.to_string()))
            .collect()
    }

    #[test]
    fn current_iom_export_keeps_every_dated_case() {
        let r = read("iom_mmp_current.csv");
        assert_eq!(r.dialect, Some(Dialect::default()));
        assert!(matches!(
            r.date_order,
            Some(DateDecision::FromFile {
                order: DateOrder::MonthFirst,
                ..
            })
        ));
        assert_eq!((r.rows, r.records.len(), r.errors.len()), (6, 5, 1));
        assert_eq!(r.records[0].id.as_deref(), Some("2021.MMP001"));
        assert_eq!(
            (r.records[0].location.x(), r.records[0].location.y()),
            (-93.8917, 16.2402)
        );
        assert_eq!(r.records[1].count, Some(3));
        // the row without a date has a year and month: kept as that month, not a fake day
        assert_eq!(
            days(&r),
            [
                Some("2021-03-02".to_string()),
                Some("2021-03-14".into()),
                Some("2021-04-05".into()),
                Some("2021-07-11".into()),
                Some("2021-08".into()),
            ]
        );
        assert_eq!(
            r.records[4].date.map(|p| p.precision()),
            Some(DatePrecision::Month)
        );
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.errors[0].location.line, Some(7));
        assert_eq!(r.errors[0].location.field.as_deref(), Some("Coordinates"));
        assert_eq!(r.errors[0].location.id.as_deref(), Some("2021.MMP006"));
    }

    #[test]
    fn older_hdx_export_ids_and_dates() {
        let r = read("hdx_mmp_older.csv");
        let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
        assert_eq!(ids, ["50311", "50312", "50313", "50314"]);
        assert_eq!(r.records[0].line, 3);
        assert_eq!(
            days(&r),
            [
                Some("2019-05-14".to_string()),
                Some("2019-06-02".into()),
                Some("2019-06".into()),
                Some("2019".into())
            ]
        );
        assert_eq!(r.records[1].count, Some(3));
        assert!(r.errors.is_empty());
        // "June 2019" is a month, and the empty date falls back to the year column: a year.
        // Both are kept with their precision (no fake day, no warning)
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let june = r.records[2].date.unwrap();
        assert_eq!((june.start().day, june.end().day), (1, 30));
    }

    #[test]
    fn spanish_excel_export() {
        let r = read("es_excel_cp1252.csv");
        assert_eq!(
            r.dialect,
            Some(Dialect {
                encoding: TextEncoding::Windows1252,
                delimiter: Delimiter::Semicolon,
                decimal_comma: true
            })
        );
        let lines: Vec<u64> = r.records.iter().map(|c| c.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6], "CRLF: one line per row");
        assert_eq!(
            (r.records[0].location.x(), r.records[0].location.y()),
            (-92.26, 14.905)
        );
        assert_eq!(r.records[0].count, Some(2));
        assert_eq!(r.records[4].date, None);
        assert!(r.warnings[0].message.contains("31/02/2021"));
        assert_eq!(r.warnings[0].location.field.as_deref(), Some("Fecha"));
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].location.id.as_deref(), Some("EDO-0006"));
        assert!(r.errors[0].message.contains("missing latitude"));
        // accents survive the transcoding into kept properties
        assert!(
            r.records
                .iter()
                .any(|c| c.properties.values().any(|v| v.contains("Cancún")))
        );
    }

    #[test]
    fn utf16_tabs() {
        let r = read("utf16le_tabs.txt");
        assert_eq!(r.dialect.unwrap().encoding, TextEncoding::Utf16Le);
        assert_eq!(r.records.len(), 4);
        assert_eq!(
            days(&r),
            [
                Some("2021-03-02".to_string()),
                Some("2021-03".into()),
                Some("2021".into()),
                Some("2021-03-02".into())
            ]
        );
        assert_eq!(
            (r.records[3].location.x(), r.records[3].location.y()),
            (-100.3161, 25.6866)
        );
    }

    #[test]
    fn ragged_rows_keep_ids_and_cases() {
        let r = read("ragged_rows.csv");
        let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
        assert_eq!(ids, ["R-01", "R-02", "R-03", "R-05", "R-06"]);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].location.id.as_deref(), Some("R-04"));
        assert!(r.errors[0].message.contains("\"NaN\" is not a number"));
        let w: Vec<(u64, Option<&str>)> = r
            .warnings
            .iter()
            .map(|d| (d.location.line.unwrap(), d.location.field.as_deref()))
            .collect();
        assert_eq!(
            w,
            [
                (3, None),
                (3, Some("count")),
                (4, None),
                (6, Some("date")),
                (7, Some("count"))
            ]
        );
        assert!(r.warnings.iter().all(|d| d.location.id.is_some()));
    }

    #[test]
    fn explicit_options_override_sniffing() {
        let text =
            "folio;fecha;latitud;longitud\nA;02/03/2021;14,9;-92,2\nB;04/05/2021;14,9;-92,2\n";
        let r = read_cases_from("es.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(r.records.len(), 2);
        assert_eq!(days(&r), [None, None]);
        assert_eq!(r.warnings.len(), 2);
        assert!(matches!(
            r.date_order,
            Some(DateDecision::Undecided { ambiguous: 2 })
        ));
        let dmy = ReadOptions {
            date_format: DateFormat::DayFirst,
            ..Default::default()
        };
        let r = read_cases_from("es.csv", text.as_bytes(), &dmy).unwrap();
        assert_eq!(
            days(&r),
            [Some("2021-03-02".to_string()), Some("2021-05-04".into())]
        );
        assert!(r.warnings.is_empty());
        // strict: the warnings fail the read
        let strict = ReadOptions {
            strict: true,
            ..Default::default()
        };
        assert!(read_cases_from("es.csv", text.as_bytes(), &strict).is_err());
        // a forced decimal point: "14,9" is no longer a number
        let point = ReadOptions {
            dialect: DialectOptions {
                decimal_comma: Some(false),
                ..Default::default()
            },
            ..Default::default()
        };
        let r = read_cases_from("es.csv", text.as_bytes(), &point).unwrap();
        assert_eq!(r.errors.len(), 2);
    }
}
