//! How a text table was written: encoding, delimiter and decimal mark.
//!
//! Files from the field come from Excel in a Spanish locale (Windows-1252, `;`, `14,9050`),
//! from IOM downloads (UTF-8, sometimes with a byte-order mark), from Windows tools (UTF-16)
//! or from scripts (tab or `|`). The rule, per file, never per row:
//!
//! * **Encoding** ([`decode`]): a byte-order mark decides (UTF-8, UTF-16 LE, UTF-16 BE). Without
//!   one, text whose first bytes alternate with NULs is UTF-16 of that byte order; valid UTF-8
//!   is UTF-8; anything else is Windows-1252 (a superset of Latin-1 for every printable
//!   character), transcoded with `encoding_rs`. A UTF-8 file with a few stray Windows-1252
//!   bytes (one row pasted from another file) keeps its UTF-8 and has only the stray bytes
//!   read as Windows-1252; that is reported as [`TextEncoding::Mixed`].
//! * **Line ends**: CRLF and lone CR (classic Mac) become LF, so that line numbers count as a
//!   person would. (The `csv` crate reports a record after a CRLF as starting on the line
//!   before, because the record starts at the `\n` of the previous terminator; and it
//!   counts no lines at all in a CR-only file.) A line end inside a quoted cell becomes LF
//!   too.
//! * **Delimiter** ([`sniff_delimiter`]): among `,` `;` tab and `|`, the one that splits the
//!   header into at least two fields and gives the most of the first rows the header's number
//!   of fields, quotes respected; ties go to that order. A file with one column is read with
//!   `,`.
//! * **Decimal comma**: when the delimiter is not a comma, numbers may be written `14,9050`
//!   ([`parse_number`], [`parse_coordinate_in`]); a dot is still accepted as the decimal mark.
//!   No thousands separators are read in either case: a count of `1.234` stays an error
//!   rather than silently becoming 1234 or 1.234.
//!
//! Every choice can be forced with [`DialectOptions`]; what was used is the [`Dialect`],
//! meant for the read report.
//!
//! ```
//! use corridors::io::dialect::{sniff, Delimiter, DialectOptions, TextEncoding, parse_number};
//! // "folio;latitud;longitud\nA1;14,9050;-92,2600\n" as saved by a Spanish Excel
//! let bytes = b"folio;latitud;longitud;lugar\nA1;14,9050;-92,2600;Tapachula Cant\xf3n\n";
//! let (text, dialect) = sniff(bytes, &DialectOptions::default());
//! assert_eq!(dialect.encoding, TextEncoding::Windows1252);
//! assert_eq!(dialect.delimiter, Delimiter::Semicolon);
//! assert!(dialect.decimal_comma);
//! assert!(text.text.ends_with("Tapachula Cantón\n"));
//! assert_eq!(parse_number("14,9050", dialect.decimal_comma).unwrap(), 14.905);
//! ```

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::io::hxl::{Axis, CoordinateError, CoordinateProblem, parse_coordinate, parse_lat_lon};

/// The character encoding a file was read with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark (removed).
    Utf8Bom,
    /// UTF-16 little-endian (with a byte-order mark, or detected from NUL bytes).
    Utf16Le,
    /// UTF-16 big-endian (with a byte-order mark, or detected from NUL bytes).
    Utf16Be,
    /// Windows-1252 (also read for Latin-1 / ISO-8859-1).
    Windows1252,
    /// UTF-8 with some bytes that are not, read as Windows-1252.
    Mixed,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Mixed => "UTF-8 with Windows-1252 bytes",
        })
    }
}

impl FromStr for TextEncoding {
    type Err = String;

    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `windows-1252` (also `cp1252`,
    /// `latin1`, `iso-8859-1`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        Ok(match k.as_str() {
            "utf8" => TextEncoding::Utf8,
            "utf8bom" | "utf8sig" => TextEncoding::Utf8Bom,
            "utf16le" | "utf16" => TextEncoding::Utf16Le,
            "utf16be" => TextEncoding::Utf16Be,
            "windows1252" | "cp1252" | "latin1" | "iso88591" => TextEncoding::Windows1252,
            _ => {
                return Err(format!(
                    "unknown encoding {s:?} (expected utf-8, utf-16le, utf-16be or windows-1252)"
                ));
            }
        })
    }
}

/// Text decoded to UTF-8, with the encoding it was read with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText<'a> {
    /// The text (borrowed when the input was UTF-8 without a BOM).
    pub text: Cow<'a, str>,
    /// How it was read.
    pub encoding: TextEncoding,
    /// Whether malformed UTF-16 had to be replaced by U+FFFD (a reader should warn).
    pub replaced: bool,
}

/// The characters of Windows-1252 bytes 0x80–0x9F (0xA0–0xFF are U+00A0–U+00FF). The five
/// unassigned bytes map to the C1 controls of the same value, as in `encoding_rs`.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// UTF-16 byte order guessed from NUL bytes when there is no BOM: ASCII-heavy UTF-16 has a
/// NUL in every other byte of the first ones.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Valid UTF-8 runs kept, every invalid byte read as Windows-1252.
fn decode_mixed(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // invariant: from_utf8 validated this prefix
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                out.extend(bad[..n].iter().map(|b| cp1252_char(*b)));
                rest = &bad[n..];
            }
        }
    }
}

/// Decodes a whole file to UTF-8 by the [module rule](self), or with the encoding forced;
/// line ends become LF.
///
/// ```
/// use corridors::io::dialect::{decode, TextEncoding};
/// let utf16 = [0xFF, 0xFE, b'i', 0, b'd', 0, b'\n', 0];
/// let d = decode(&utf16, None);
/// assert_eq!((d.text.as_ref(), d.encoding), ("id\n", TextEncoding::Utf16Le));
/// let d = decode("Cancún".as_bytes(), None);
/// assert_eq!((d.text.as_ref(), d.encoding), ("Cancún", TextEncoding::Utf8));
/// let d = decode(b"Canc\xfan", None);
/// assert_eq!((d.text.as_ref(), d.encoding), ("Cancún", TextEncoding::Windows1252));
/// ```
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> DecodedText<'_> {
    let (text, encoding, replaced) = decode_inner(bytes, forced);
    let text = if text.contains('\r') {
        // one pass: every CR becomes LF and swallows the LF right after it
        let mut out = String::with_capacity(text.len());
        let mut parts = text.split('\r');
        out.push_str(parts.next().unwrap_or_default());
        for p in parts {
            out.push('\n');
            out.push_str(p.strip_prefix('\n').unwrap_or(p));
        }
        Cow::Owned(out)
    } else {
        text
    };
    DecodedText {
        text,
        encoding,
        replaced,
    }
}

fn decode_inner(bytes: &[u8], forced: Option<TextEncoding>) -> (Cow<'_, str>, TextEncoding, bool) {
    use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8], e| {
        let (t, bad) = enc.decode_without_bom_handling(body);
        (Cow::Owned(t.into_owned()), e, bad)
    };
    let bom_stripped = |b: &'static [u8]| bytes.strip_prefix(b);
    match forced {
        Some(TextEncoding::Utf16Le) => {
            let body = bom_stripped(b"\xff\xfe").unwrap_or(bytes);
            return utf16(UTF_16LE, body, TextEncoding::Utf16Le);
        }
        Some(TextEncoding::Utf16Be) => {
            let body = bom_stripped(b"\xfe\xff").unwrap_or(bytes);
            return utf16(UTF_16BE, body, TextEncoding::Utf16Be);
        }
        Some(TextEncoding::Windows1252) => {
            let (t, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            return (t, TextEncoding::Windows1252, false);
        }
        Some(TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Mixed) | None => {}
    }
    if forced.is_none() {
        if let Some(body) = bom_stripped(b"\xff\xfe") {
            return utf16(UTF_16LE, body, TextEncoding::Utf16Le);
        }
        if let Some(body) = bom_stripped(b"\xfe\xff") {
            return utf16(UTF_16BE, body, TextEncoding::Utf16Be);
        }
        if let Some(enc) = utf16_without_bom(bytes) {
            let e = if enc == UTF_16LE {
                TextEncoding::Utf16Le
            } else {
                TextEncoding::Utf16Be
            };
            return utf16(enc, bytes, e);
        }
    }
    let (body, bom) = match bom_stripped(b"\xef\xbb\xbf") {
        Some(b) => (b, true),
        None => (bytes, false),
    };
    let plain = if bom {
        TextEncoding::Utf8Bom
    } else {
        TextEncoding::Utf8
    };
    if let Ok(s) = std::str::from_utf8(body) {
        return (Cow::Borrowed(s), plain, false);
    }
    // Some bytes are not UTF-8. If nothing in the file is multi-byte UTF-8 the file is
    // Windows-1252 through and through; otherwise keep the UTF-8 and read the strays.
    let has_utf8_multibyte = {
        let mut rest = body;
        let mut found = false;
        while !rest.is_empty() && !found {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    found = !s.is_ascii();
                    rest = &[];
                }
                Err(e) => {
                    let good = &rest[..e.valid_up_to()];
                    found = !good.is_ascii();
                    rest = &rest
                        [e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to())..];
                }
            }
        }
        found
    };
    if bom || has_utf8_multibyte || forced.is_some() {
        (Cow::Owned(decode_mixed(body)), TextEncoding::Mixed, false)
    } else {
        let (t, _) = WINDOWS_1252.decode_without_bom_handling(body);
        (t, TextEncoding::Windows1252, false)
    }
}

/// Bytes looked at before the encoding of a stream is decided.
const HEAD_BYTES: usize = 64 * 1024;

enum StreamState {
    /// Nothing read yet.
    Start,
    /// UTF-8 passed through; invalid bytes read as Windows-1252.
    Utf8 {
        /// An incomplete sequence at the end of the last chunk.
        carry: Vec<u8>,
    },
    /// Transcoded by `encoding_rs`.
    Decoder(encoding_rs::Decoder),
}

/// A streaming [`decode`]: reads any supported encoding, yields UTF-8 with LF line ends.
///
/// The encoding is decided from the first 64 KiB by the [module rule](self). When that head is
/// UTF-8 and a later byte is not, the byte is read as Windows-1252 and
/// [`encoding`](Self::encoding) becomes [`TextEncoding::Mixed`], so nothing is lost and the
/// report says so. Memory use is bounded by the chunk size, whatever the file size.
///
/// ```
/// use std::io::Read;
/// use corridors::io::dialect::{DecodeReader, TextEncoding};
/// let bytes: &[u8] = b"lugar\r\nCanc\xfan\r\n";
/// let mut r = DecodeReader::new(bytes, None);
/// let mut text = String::new();
/// r.read_to_string(&mut text).unwrap();
/// assert_eq!(text, "lugar\nCancún\n");
/// assert_eq!(r.encoding(), TextEncoding::Windows1252);
/// ```
pub struct DecodeReader<R> {
    inner: R,
    forced: Option<TextEncoding>,
    state: StreamState,
    encoding: TextEncoding,
    replaced: bool,
    input: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    last_was_cr: bool,
    eof: bool,
}

impl<R: Read> DecodeReader<R> {
    /// Wraps `inner`; `forced` skips detection.
    pub fn new(inner: R, forced: Option<TextEncoding>) -> Self {
        DecodeReader {
            inner,
            forced,
            state: StreamState::Start,
            encoding: TextEncoding::Utf8,
            replaced: false,
            input: Vec::new(),
            out: Vec::new(),
            pos: 0,
            last_was_cr: false,
            eof: false,
        }
    }

    /// The encoding read so far (final once the stream is read to the end).
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Whether malformed UTF-16 was replaced by U+FFFD so far.
    pub fn replaced(&self) -> bool {
        self.replaced
    }

    /// The wrapped reader (for a second pass over a seekable input).
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Reads up to `n` more bytes into `self.input`; false at the end of the input.
    fn fill(&mut self, n: usize) -> std::io::Result<bool> {
        let start = self.input.len();
        self.input.resize(start + n, 0);
        let mut got = 0;
        while got < n {
            match self.inner.read(&mut self.input[start + got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.input.truncate(start + got);
                    return Err(e);
                }
            }
        }
        self.input.truncate(start + got);
        Ok(got > 0)
    }

    fn start(&mut self) {
        use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
        let head = &self.input;
        let (enc, skip): (Option<&'static encoding_rs::Encoding>, usize) = match self.forced {
            Some(TextEncoding::Utf16Le) => (
                Some(UTF_16LE),
                if head.starts_with(b"\xff\xfe") { 2 } else { 0 },
            ),
            Some(TextEncoding::Utf16Be) => (
                Some(UTF_16BE),
                if head.starts_with(b"\xfe\xff") { 2 } else { 0 },
            ),
            Some(TextEncoding::Windows1252) => (Some(WINDOWS_1252), 0),
            Some(_) => (
                None,
                if head.starts_with(b"\xef\xbb\xbf") {
                    3
                } else {
                    0
                },
            ),
            None if head.starts_with(b"\xff\xfe") => (Some(UTF_16LE), 2),
            None if head.starts_with(b"\xfe\xff") => (Some(UTF_16BE), 2),
            None if head.starts_with(b"\xef\xbb\xbf") => (None, 3),
            None => match utf16_without_bom(head) {
                Some(e) => (Some(e), 0),
                None => {
                    // Windows-1252 when the head is not UTF-8 and has no multi-byte UTF-8
                    let (valid, multibyte) = utf8_head(head);
                    if valid || multibyte {
                        (None, 0)
                    } else {
                        (Some(WINDOWS_1252), 0)
                    }
                }
            },
        };
        self.encoding = match enc {
            Some(e) if e == UTF_16LE => TextEncoding::Utf16Le,
            Some(e) if e == UTF_16BE => TextEncoding::Utf16Be,
            Some(_) => TextEncoding::Windows1252,
            None if skip == 3 => TextEncoding::Utf8Bom,
            None => TextEncoding::Utf8,
        };
        self.input.drain(..skip);
        self.state = match enc {
            Some(e) => StreamState::Decoder(e.new_decoder_without_bom_handling()),
            None => StreamState::Utf8 { carry: Vec::new() },
        };
    }

    /// Converts `self.input` (and, at the end, everything pending) into `self.out`.
    fn convert(&mut self, last: bool) {
        let mut text: Vec<u8> = Vec::with_capacity(self.input.len() + 16);
        match &mut self.state {
            StreamState::Start => {}
            StreamState::Utf8 { carry } => {
                carry.append(&mut self.input);
                let mut rest: &[u8] = carry;
                loop {
                    match std::str::from_utf8(rest) {
                        Ok(s) => {
                            text.extend_from_slice(s.as_bytes());
                            rest = &[];
                            break;
                        }
                        Err(e) => {
                            text.extend_from_slice(&rest[..e.valid_up_to()]);
                            let bad = &rest[e.valid_up_to()..];
                            match e.error_len() {
                                None if !last => {
                                    rest = bad; // incomplete: wait for the next chunk
                                    break;
                                }
                                n => {
                                    let n = n.unwrap_or(bad.len());
                                    let mut buf = [0u8; 4];
                                    for b in &bad[..n] {
                                        text.extend_from_slice(
                                            cp1252_char(*b).encode_utf8(&mut buf).as_bytes(),
                                        );
                                    }
                                    self.encoding = TextEncoding::Mixed;
                                    rest = &bad[n..];
                                }
                            }
                        }
                    }
                }
                let keep = rest.to_vec();
                *carry = keep;
            }
            StreamState::Decoder(d) => {
                let cap = d
                    .max_utf8_buffer_length(self.input.len())
                    .unwrap_or(self.input.len() * 3 + 16);
                text.resize(cap, 0);
                let (_, read, written, bad) = d.decode_to_utf8(&self.input, &mut text, last);
                text.truncate(written);
                self.input.drain(..read);
                self.replaced |= bad;
            }
        }
        // line ends: CRLF and CR become LF (ASCII, never inside a multi-byte sequence)
        self.out.clear();
        self.pos = 0;
        for &b in &text {
            match b {
                b'\r' => self.out.push(b'\n'),
                b'\n' if self.last_was_cr => {}
                _ => self.out.push(b),
            }
            self.last_was_cr = b == b'\r';
        }
    }
}

/// A decoded stream whose dialect was sniffed from its head: reads the head again, then the
/// rest. Made by [`sniff_stream`].
pub struct SniffedReader<R> {
    head: std::io::Cursor<Vec<u8>>,
    rest: DecodeReader<R>,
}

impl<R: Read> SniffedReader<R> {
    /// The encoding read so far; final (possibly [`TextEncoding::Mixed`]) at the end.
    pub fn encoding(&self) -> TextEncoding {
        self.rest.encoding()
    }

    /// Whether malformed UTF-16 was replaced so far.
    pub fn replaced(&self) -> bool {
        self.rest.replaced()
    }

    /// The wrapped reader (for a second pass over a seekable input).
    pub fn into_inner(self) -> R {
        self.rest.into_inner()
    }
}

impl<R: Read> Read for SniffedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        self.rest.read(buf)
    }
}

/// The streaming [`sniff`]: decodes `inner` as it is read, with the delimiter (and decimal
/// mark) decided from the first 64 KiB of text. The returned [`Dialect`]'s encoding is the
/// one decided from the head; ask the reader's [`encoding`](SniffedReader::encoding) at the
/// end for the final one.
///
/// ```
/// use std::io::Read;
/// use corridors::io::dialect::{sniff_stream, Delimiter, DialectOptions, TextEncoding};
/// let file: &[u8] = b"folio;latitud\r\nA1;14,9\r\n";
/// let (mut r, d) = sniff_stream(file, &DialectOptions::default()).unwrap();
/// assert_eq!((d.delimiter, d.decimal_comma), (Delimiter::Semicolon, true));
/// let mut text = String::new();
/// r.read_to_string(&mut text).unwrap();
/// assert_eq!(text, "folio;latitud\nA1;14,9\n");
/// assert_eq!(r.encoding(), TextEncoding::Utf8);
/// ```
///
/// # Errors
/// The errors of `inner`.
pub fn sniff_stream<R: Read>(
    inner: R,
    opts: &DialectOptions,
) -> std::io::Result<(SniffedReader<R>, Dialect)> {
    let mut rest = DecodeReader::new(inner, opts.encoding);
    let mut head = Vec::with_capacity(SNIFF_BYTES + 4096);
    let mut buf = [0u8; 8192];
    while head.len() < SNIFF_BYTES {
        let n = rest.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let delimiter = opts.delimiter.unwrap_or_else(|| {
        // up to the last line end when the head is cut (a character may be split there)
        let complete = if head.len() >= SNIFF_BYTES {
            head.iter()
                .rposition(|b| *b == b'\n')
                .map_or(&head[..], |i| &head[..=i])
        } else {
            &head[..]
        };
        sniff_delimiter(&String::from_utf8_lossy(complete))
    });
    let dialect = Dialect {
        encoding: rest.encoding(),
        delimiter,
        decimal_comma: opts.decimal_comma.unwrap_or(delimiter != Delimiter::Comma),
    };
    Ok((
        SniffedReader {
            head: std::io::Cursor::new(head),
            rest,
        },
        dialect,
    ))
}

/// Whether a head of bytes is valid UTF-8 (a sequence cut at the end allowed), and whether
/// it has multi-byte UTF-8 characters.
fn utf8_head(head: &[u8]) -> (bool, bool) {
    let mut rest = head;
    let mut valid = true;
    let mut multibyte = false;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte |= !s.is_ascii();
                return (valid, multibyte);
            }
            Err(e) => {
                multibyte |= !rest[..e.valid_up_to()].is_ascii();
                match e.error_len() {
                    None => return (valid, multibyte),
                    Some(n) => {
                        valid = false;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                }
            }
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            if self.eof {
                return Ok(0);
            }
            if matches!(self.state, StreamState::Start) {
                self.fill(HEAD_BYTES)?;
                self.start();
            } else if !self.fill(HEAD_BYTES)? {
                self.eof = true;
            }
            self.convert(self.eof);
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A field delimiter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    /// `,`
    #[default]
    Comma,
    /// `;` (Excel in locales with a decimal comma)
    Semicolon,
    /// tab
    Tab,
    /// `|`
    Pipe,
}

impl Delimiter {
    /// All, in order of preference when sniffing ties.
    pub const ALL: [Delimiter; 4] = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];

    /// The byte, for `csv::ReaderBuilder::delimiter`.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delimiter::Comma => ",",
            Delimiter::Semicolon => ";",
            Delimiter::Tab => "tab",
            Delimiter::Pipe => "|",
        })
    }
}

impl FromStr for Delimiter {
    type Err = String;

    /// `,` `;` `|`, a tab or `tab`/`\t`, or the names `comma`, `semicolon`, `pipe`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "," | "comma" => Delimiter::Comma,
            ";" | "semicolon" => Delimiter::Semicolon,
            "\t" | "tab" | "\\t" => Delimiter::Tab,
            "|" | "pipe" => Delimiter::Pipe,
            _ => {
                return Err(format!("unknown delimiter {s:?} (expected , ; | or tab)"));
            }
        })
    }
}

/// Rows read when sniffing the delimiter.
const SNIFF_ROWS: usize = 50;
/// Bytes read when sniffing the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// The delimiter of a table by the [module rule](self).
///
/// ```
/// use corridors::io::dialect::{sniff_delimiter, Delimiter};
/// assert_eq!(sniff_delimiter("id;lat;lon\nA;\"1,5\";2\n"), Delimiter::Semicolon);
/// assert_eq!(sniff_delimiter("id,note\nA,\"a;b;c\"\n"), Delimiter::Comma);
/// assert_eq!(sniff_delimiter("id\tlat|x\nA\t1|2\n"), Delimiter::Tab);
/// ```
pub fn sniff_delimiter(text: &str) -> Delimiter {
    let mut cut = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text.as_bytes()[..cut];
    let truncated = cut < text.len();
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for d in Delimiter::ALL {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d.byte())
            .from_reader(head);
        let mut counts: Vec<usize> = rdr
            .byte_records()
            .take(SNIFF_ROWS)
            .map_while(|r| r.ok().map(|r| r.len()))
            .collect();
        if truncated && counts.len() > 1 {
            counts.pop(); // the last record may be cut in the middle
        }
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|n| **n == header).count();
        // score: the share of consistent rows (per mille), then the number of fields
        let share = consistent * 1000 / counts.len();
        if (share, header) > (best.1, best.2) {
            best = (d, share, header);
        }
    }
    best.0
}

/// Choices that override sniffing (all `None`: sniff everything).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialectOptions {
    /// Read with this encoding.
    pub encoding: Option<TextEncoding>,
    /// Split fields on this delimiter.
    pub delimiter: Option<Delimiter>,
    /// Read `14,9050` as 14.905 (default: whenever the delimiter is not a comma).
    pub decimal_comma: Option<bool>,
}

/// How a file was read: for the read report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialect {
    /// Encoding the bytes were decoded from.
    pub encoding: TextEncoding,
    /// Field delimiter.
    pub delimiter: Delimiter,
    /// Whether a comma is read as the decimal mark in numbers and coordinates.
    pub decimal_comma: bool,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, delimiter {}, decimal {}",
            self.encoding,
            self.delimiter,
            if self.decimal_comma { "comma" } else { "point" }
        )
    }
}

/// Decodes a file and works out its dialect ([module rule](self), overridden by `opts`).
pub fn sniff<'a>(bytes: &'a [u8], opts: &DialectOptions) -> (DecodedText<'a>, Dialect) {
    let text = decode(bytes, opts.encoding);
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| sniff_delimiter(&text.text));
    let decimal_comma = opts.decimal_comma.unwrap_or(delimiter != Delimiter::Comma);
    let dialect = Dialect {
        encoding: text.encoding,
        delimiter,
        decimal_comma,
    };
    (text, dialect)
}

/// With a decimal comma, `14,9050` becomes `14.9050` (one comma, no dot); anything else is
/// returned as it is.
///
/// ```
/// use corridors::io::dialect::normalise_decimal;
/// assert_eq!(normalise_decimal("-92,2600", true), "-92.2600");
/// assert_eq!(normalise_decimal("14°54,3'N", true), "14°54.3'N");
/// assert_eq!(normalise_decimal("14,9050", false), "14,9050");
/// assert_eq!(normalise_decimal("1,234,5", true), "1,234,5");
/// ```
pub fn normalise_decimal(cell: &str, decimal_comma: bool) -> Cow<'_, str> {
    if decimal_comma && !cell.contains('.') {
        let mut commas = cell.match_indices(',');
        if let (Some((i, _)), None) = (commas.next(), commas.next()) {
            let b = cell.as_bytes();
            let digit_before = i > 0 && b[i - 1].is_ascii_digit();
            let digit_after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if digit_before && digit_after {
                return Cow::Owned(format!("{}.{}", &cell[..i], &cell[i + 1..]));
            }
        }
    }
    Cow::Borrowed(cell)
}

/// `[+-]digits[.digits]` read as a number; `None` for anything else.
fn plain_decimal(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let body = match b.first()? {
        b'+' | b'-' => &b[1..],
        _ => b,
    };
    let int = body.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &body[int..];
    let ok = int > 0
        && int <= 3
        && (rest.is_empty()
            || (rest[0] == b'.' && rest.len() > 1 && rest[1..].iter().all(u8::is_ascii_digit)));
    if !ok {
        return None;
    }
    let v: f64 = t.strip_prefix('+').unwrap_or(t).parse().ok()?;
    v.is_finite().then_some(v)
}

/// Whether a cell spells a non-finite number (`NaN`, `inf`, `-Infinity` …), which must be
/// reported as such and not as a malformed coordinate.
fn non_finite(cell: &str) -> bool {
    let t = cell
        .trim()
        .trim_start_matches(['+', '-'])
        .to_ascii_lowercase();
    matches!(t.as_str(), "nan" | "inf" | "infinity")
}

/// Parses a finite number, with a decimal comma when `decimal_comma`.
///
/// ```
/// use corridors::io::dialect::parse_number;
/// assert_eq!(parse_number(" 2,5 ", true).unwrap(), 2.5);
/// assert_eq!(parse_number("2.5", true).unwrap(), 2.5);
/// assert!(parse_number("2,5", false).is_err());
/// assert!(parse_number("NaN", false).unwrap_err().contains("not a finite number"));
/// ```
///
/// # Errors
/// A message naming the value.
pub fn parse_number(cell: &str, decimal_comma: bool) -> Result<f64, String> {
    let t = cell.trim();
    if non_finite(t) {
        return Err(format!("{t:?} is not a finite number"));
    }
    let n = normalise_decimal(t, decimal_comma);
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("{t:?} is not a finite number")),
        Err(_) => Err(format!("{t:?} is not a number")),
    }
}

/// [`parse_coordinate`] in a dialect: decimal commas read, `NaN`/`inf` named as such.
///
/// ```
/// use corridors::io::dialect::{parse_coordinate_in, Dialect};
/// use corridors::io::hxl::Axis;
/// let es = Dialect { decimal_comma: true, ..Dialect::default() };
/// assert_eq!(parse_coordinate_in("-92,26", Axis::Lon, &es).unwrap(), -92.26);
/// let e = parse_coordinate_in("NaN", Axis::Lon, &Dialect::default()).unwrap_err();
/// assert!(e.message.contains("not a number"), "{e}");
/// ```
///
/// # Errors
/// As [`parse_coordinate`], and for non-finite values.
pub fn parse_coordinate_in(
    cell: &str,
    axis: Axis,
    dialect: &Dialect,
) -> Result<f64, CoordinateError> {
    // Fast path for the common plain decimal (`-92.2589`, `14`): the same value the general
    // parser gives (it reads the digits with `str::parse` and applies the sign exactly), without
    // its allocations. Anything else, and any value out of range, takes the general path.
    if let Some(v) = plain_decimal(cell.trim()) {
        let limit = match axis {
            Axis::Lat => 90.0,
            Axis::Lon => 180.0,
        };
        if v.abs() <= limit {
            return Ok(v);
        }
    }
    if non_finite(cell) {
        let name = match axis {
            Axis::Lat => "latitude",
            Axis::Lon => "longitude",
        };
        return Err(CoordinateError::new(
            CoordinateProblem::Malformed,
            format!(
                "{:?} is not a number (a {name} must be finite)",
                cell.trim()
            ),
        ));
    }
    parse_coordinate(&normalise_decimal(cell, dialect.decimal_comma), axis)
}

/// [`parse_lat_lon`] in a dialect. With a decimal comma the two values must be separated by
/// `;`, whitespace, or a comma followed by a space (`14,905, -92,26`).
///
/// ```
/// use corridors::io::dialect::{parse_lat_lon_in, Dialect};
/// let es = Dialect { decimal_comma: true, ..Dialect::default() };
/// assert_eq!(parse_lat_lon_in("14,905; -92,26", &es).unwrap(), (-92.26, 14.905));
/// assert_eq!(parse_lat_lon_in("14,905, -92,26", &es).unwrap(), (-92.26, 14.905));
/// assert_eq!(parse_lat_lon_in("14.905, -92.26", &es).unwrap(), (-92.26, 14.905));
/// ```
///
/// # Errors
/// As [`parse_lat_lon`].
pub fn parse_lat_lon_in(cell: &str, dialect: &Dialect) -> Result<(f64, f64), CoordinateError> {
    let s = cell.trim();
    let plain = !dialect.decimal_comma
        || s.contains('.')
        || (s.matches(',').count() < 2 && !s.contains(';') && !s.contains(char::is_whitespace));
    if plain {
        return parse_lat_lon(s);
    }
    let parts: Vec<&str> = if s.contains(';') {
        s.split(';').collect()
    } else if s.contains(", ") {
        s.split(", ").collect()
    } else {
        s.split_whitespace().collect()
    };
    if parts.len() != 2 {
        return parse_lat_lon(s);
    }
    let a = normalise_decimal(parts[0].trim(), true);
    let b = normalise_decimal(parts[1].trim(), true);
    parse_lat_lon(&format!("{a}; {b}"))
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    #[test]
    fn plain_decimals_read_as_the_general_parser_reads_them() {
        let mut cells: Vec<String> = [
            "0",
            "-0",
            "+0",
            "14",
            "-92.2589",
            "+14.9054",
            "90",
            "-90",
            "90.0",
            "90.0000001",
            "180",
            "-180.000",
            "180.5",
            "999",
            "1000",
            "00014.5",
            "14.",
            ".5",
            "-.5",
            "1e2",
            "14.9 ",
            " -92.1",
            "0.1234567890123456789",
            "-179.99999999999999999",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // a deterministic spread of 5- and 6-decimal values over both ranges
        let mut x: u64 = 1;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 * 400.0 - 200.0;
            cells.push(format!("{v:.5}"));
            cells.push(format!("{v:.6}"));
        }
        for c in &cells {
            for axis in [Axis::Lat, Axis::Lon] {
                let fast = parse_coordinate_in(c, axis, &Dialect::default());
                let general = parse_coordinate(c, axis);
                match (fast, general) {
                    (Ok(a), Ok(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{c:?}"),
                    (Err(a), Err(b)) => assert_eq!(a, b, "{c:?}"),
                    (a, b) => panic!("{c:?}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_table_agrees_with_encoding_rs() {
        for b in 0x80u8..=0xFF {
            let one = [b];
            let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
            assert_eq!(t.chars().next(), Some(cp1252_char(b)), "byte {b:#x}");
        }
    }

    #[test]
    fn boms_and_utf16() {
        let d = decode(b"\xef\xbb\xbfid\n", None);
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("id\n", TextEncoding::Utf8Bom)
        );
        let be = [0xFE, 0xFF, 0, b'a', 0, b'\n', 0x00, 0xF1];
        let d = decode(&be, None);
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("a\nñ", TextEncoding::Utf16Be)
        );
        // no BOM, NULs every other byte
        let le: Vec<u8> = "id,lat\r\nA,1\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le, None);
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("id,lat\nA,1\n", TextEncoding::Utf16Le)
        );
        assert!(!d.replaced);
        // odd length: the last byte is malformed UTF-16, replaced and flagged
        let d = decode(&[0xFF, 0xFE, b'a', 0, b'b'], None);
        assert!(d.replaced);
        assert!(d.text.starts_with('a'));
    }

    #[test]
    fn windows_1252_and_mixed() {
        let d = decode(b"lugar\nCanc\xfan \x80 \x93x\x94\n", None);
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(d.text, "lugar\nCancún € “x”\n");
        // a UTF-8 file with one Windows-1252 row keeps its UTF-8
        let mut bytes = "lugar\nCiudad Juárez\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Canc\xfan\n");
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, TextEncoding::Mixed);
        assert_eq!(d.text, "lugar\nCiudad Juárez\nCancún\n");
        // forced
        let d = decode("é".as_bytes(), Some(TextEncoding::Windows1252));
        assert_eq!(d.text, "Ã©");
        // truncated UTF-8 at the end of the file
        let d = decode(b"ab\xc3", None);
        assert_eq!(d.text, "abÃ");
    }

    #[test]
    fn classic_mac_line_ends_count() {
        let d = decode(b"id,lat\rA,1\rB,2\r", None);
        assert_eq!(d.text, "id,lat\nA,1\nB,2\n");
        // mixed line ends, a blank CR line, CR at both ends
        let m = decode(b"\ra\r\r\nb\nc\r\n\r", None);
        assert_eq!(m.text, "\na\n\nb\nc\n\n");
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(d.text.as_bytes());
        let lines: Vec<u64> = rdr
            .records()
            .map(|r| r.unwrap().position().unwrap().line())
            .collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn crlf_line_numbers_through_utf16() {
        let text = "id,lat\r\nA,1\r\n\"B\r\nmultiline\",2\r\nC,3\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&bytes, None);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(d.text.as_bytes());
        let lines: Vec<u64> = rdr
            .records()
            .map(|r| r.unwrap().position().unwrap().line())
            .collect();
        assert_eq!(lines, [1, 2, 3, 5]);
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), Delimiter::Comma);
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2,5;3\n"), Delimiter::Semicolon);
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), Delimiter::Tab);
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), Delimiter::Pipe);
        // quotes respected: commas inside quoted fields do not count
        assert_eq!(
            sniff_delimiter("id;note\n1;\"a, b, c\"\n2;\"d, e\"\n"),
            Delimiter::Semicolon
        );
        // ragged rows: the most consistent wins
        assert_eq!(
            sniff_delimiter("id,lat,lon\nA,1,2\nB,1,2,x\nC,1\nD,1,2\n"),
            Delimiter::Comma
        );
        // one column, empty input
        assert_eq!(sniff_delimiter("id\nA\n"), Delimiter::Comma);
        assert_eq!(sniff_delimiter(""), Delimiter::Comma);
        // a header with both: rows decide
        assert_eq!(
            sniff_delimiter("a,b;c,d\n1,2;3,4\n5;6\n7;8\n9;10\n"),
            Delimiter::Semicolon
        );
    }

    #[test]
    fn sniff_respects_overrides() {
        let opts = DialectOptions {
            delimiter: Some(Delimiter::Comma),
            decimal_comma: Some(false),
            encoding: Some(TextEncoding::Windows1252),
        };
        let (t, d) = sniff(b"a;b\n1;2\n", &opts);
        assert_eq!(d.delimiter, Delimiter::Comma);
        assert!(!d.decimal_comma);
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(t.text, "a;b\n1;2\n");
        assert_eq!(d.to_string(), "Windows-1252, delimiter ,, decimal point");
    }

    #[test]
    fn numbers_and_coordinates() {
        let es = Dialect {
            decimal_comma: true,
            ..Dialect::default()
        };
        let en = Dialect::default();
        assert_eq!(
            parse_coordinate_in("14,9050", Axis::Lat, &es).unwrap(),
            14.905
        );
        assert!(parse_coordinate_in("14,9050", Axis::Lat, &en).is_err());
        for nan in ["NaN", "nan", "-inf", "+Infinity", " NAN "] {
            let e = parse_coordinate_in(nan, Axis::Lon, &en).unwrap_err();
            assert!(e.message.contains("not a number"), "{nan}: {e}");
            assert!(!e.message.contains("hemisphere"), "{nan}: {e}");
        }
        assert_eq!(parse_lat_lon_in("14,9 -92,2", &es).unwrap(), (-92.2, 14.9));
        assert_eq!(parse_lat_lon_in("14,-92", &es).unwrap(), (-92.0, 14.0));
        assert!(parse_lat_lon_in("14,9,-92,2", &es).is_err());
        assert!(parse_number("1e400", false).is_err());
        assert!(parse_number("", false).is_err());
        assert_eq!(parse_number("-0,5", true).unwrap(), -0.5);
    }

    /// A reader that returns at most `n` bytes per call, to cut sequences across chunks.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn stream(bytes: &[u8], chunk: usize) -> (String, TextEncoding) {
        use std::io::Read;
        let mut r = DecodeReader::new(Trickle(bytes, chunk), None);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, r.encoding())
    }

    #[test]
    fn streaming_agrees_with_whole_buffer_decoding() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,b\r\nñ,€\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            "id,lugar\r\n1,Cancún\r\n2,Ciudad Juárez\r"
                .as_bytes()
                .to_vec(),
            b"\xef\xbb\xbfid\n1\n".to_vec(),
            b"lugar\r\nCanc\xfan\r\n\x80\r\n".to_vec(),
            utf16,
            b"id\rA\rB".to_vec(),
        ];
        for bytes in &cases {
            let whole = decode(bytes, None);
            for chunk in [1, 2, 3, 7, 1 << 20] {
                let (s, e) = stream(bytes, chunk);
                assert_eq!(s, whole.text, "{bytes:?} chunk {chunk}");
                assert_eq!(e, whole.encoding, "{bytes:?} chunk {chunk}");
            }
        }
    }

    #[test]
    fn sniffed_stream_reads_everything_once() {
        use std::io::Read;
        // longer than the sniffing head, with multi-byte characters across the cut
        let mut text = String::from("folio;lugar;latitud\r\n");
        for i in 0..5000 {
            text.push_str(&format!("F{i};Cancún ñ€;14,{i}\r\n"));
        }
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (mut r, d) = sniff_stream(Trickle(&bytes, 333), &DialectOptions::default()).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Le);
        assert_eq!(d.delimiter, Delimiter::Semicolon);
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, text.replace("\r\n", "\n"));
        assert!(!r.replaced());
    }

    #[test]
    fn streaming_reads_late_windows_1252_bytes_as_mixed() {
        // 70 KiB of ASCII, then a Windows-1252 byte: the head said UTF-8
        let mut bytes = "x,y\n".repeat(70 * 1024 / 4).into_bytes();
        bytes.extend_from_slice(b"Canc\xfan\n");
        let (s, e) = stream(&bytes, 4096);
        assert!(s.ends_with("Cancún\n"));
        assert_eq!(e, TextEncoding::Mixed);
    }

    #[test]
    fn names_round_trip() {
        for e in [
            "utf-8",
            "UTF-8-BOM",
            "utf-16le",
            "UTF-16BE",
            "cp1252",
            "Latin-1",
        ] {
            assert!(e.parse::<TextEncoding>().is_ok(), "{e}");
        }
        assert!("ebcdic".parse::<TextEncoding>().is_err());
        for d in Delimiter::ALL {
            assert_eq!(d.to_string().parse::<Delimiter>().unwrap(), d);
        }
        assert!(":".parse::<Delimiter>().is_err());
    }
}
