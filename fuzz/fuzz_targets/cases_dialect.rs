//! The field dialect blocks: decoding, delimiter sniffing, decimal commas, dates, aliases.
#![no_main]
use corridors::io::{aliases, dates, dialect, hxl::Axis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, d) = dialect::sniff(data, &dialect::DialectOptions::default());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d.delimiter.byte())
        .from_reader(text.text.as_bytes());
    let mut evidence = dates::DateEvidence::default();
    let mut cells = Vec::new();
    for (i, r) in rdr.records().take(200).enumerate() {
        let Ok(r) = r else { continue };
        for c in r.iter() {
            let _ = aliases::normalise_header(c);
            let _ = dialect::parse_coordinate_in(c, Axis::Lat, &d);
            let _ = dialect::parse_lat_lon_in(c, &d);
            let _ = dialect::parse_number(c, d.decimal_comma);
            evidence.observe(i as u64 + 1, c);
            cells.push(c.to_string());
        }
    }
    let rule = evidence.rule(dates::DateFormat::Auto);
    for c in &cells {
        let _ = rule.parse(c);
        let _ = dates::period_from_year_month(c, c);
    }
    let _ = rule.decision().describe();
});
