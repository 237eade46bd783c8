//! The field dialect blocks: decoding (whole and streaming, which must agree), delimiter
//! sniffing, decimal commas, dates (whose ISO output must parse back), aliases.
#![no_main]
use std::io::Read;

use corridors::cases::DatePeriod;
use corridors::io::{aliases, dates, dialect, hxl::Axis};
use libfuzzer_sys::fuzz_target;

/// Hands out at most `n` bytes per read, to cut sequences across chunks.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(self.1).min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let (text, d) = dialect::sniff(data, &dialect::DialectOptions::default());
    // streaming decode agrees with the whole-buffer decode (the encoding may only differ by
    // a late stray byte turning UTF-8 into Mixed where the whole file reads as Windows-1252)
    let chunk = 1 + usize::from(data.first().copied().unwrap_or(0) % 16);
    let mut r = dialect::DecodeReader::new(Trickle(data, chunk), None);
    let mut streamed = String::new();
    r.read_to_string(&mut streamed)
        .expect("in-memory reads do not fail");
    assert_eq!(streamed, text.text, "streaming and whole decoding differ");

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
        if let Ok(Some(p)) = rule.parse(c) {
            let back: DatePeriod = p.to_string().parse().expect("ISO output parses back");
            assert_eq!(back, p);
            assert!(p.start() <= p.end());
        }
        let _ = dates::period_from_year_month(c, c);
    }
    let _ = rule.decision().describe();
});
