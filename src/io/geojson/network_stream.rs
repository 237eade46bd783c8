//! The streaming network reader: serde visitors turn each feature of a FeatureCollection into
//! hubs and segment specs as it is parsed, without a `serde_json::Value` document.
//!
//! Every outcome (hubs, segments, diagnostics and their messages) is the one of the
//! document reader in `network.rs`, which stays as the reference: a feature whose geometry
//! has a shape the visitors do not decode (a nested array where a number belongs, a
//! one-number position …) marks the file as irregular, and such a file is read again with
//! the reference reader, which names the offending value. Property values are parsed into
//! `serde_json::Value`s exactly as before; those not kept ([`KeepProperties`]) are skipped
//! without being built.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use geo::{Coord, LineString};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::network::{
    KeepProperties, SegmentValues, err, feature_id, join_parts, segment_spec_of, value_string,
};
use crate::error::{ProblemKind, SourceLocation};
use crate::network::{FeatureId, Hub, HubKind, NetworkBuilder, Properties};
use crate::progress::{BYTES_PER_REPORT, Batched, Progress};

/// Property keys the reader itself interprets (hub or segment); they are always parsed.
pub(crate) const SPECIAL: [&str; 10] = [
    "id",
    "name",
    "kind",
    "from",
    "to",
    "mode",
    "length_m",
    "minutes",
    "speed_kmh",
    "oneway",
];

/// What the streaming pass found.
pub(super) enum Outcome {
    /// A FeatureCollection read feature by feature (everything is in the builder).
    Collection,
    /// A root that is not a FeatureCollection with a `features` array: the caller handles it
    /// from these parts (the reference reader's logic on a small document).
    Other(Value),
    /// A feature the visitors cannot describe exactly: read the file with the reference
    /// reader.
    Irregular,
}

/// Streams `text` into `builder`, reporting to `progress` how far into `text` the parser is
/// (after each feature, from the position of its last key; all of `text` in the end). `Err` is a JSON syntax error
/// (nothing is kept then).
pub(super) fn stream(
    builder: &mut NetworkBuilder,
    label: &str,
    text: &str,
    keep: &KeepProperties,
    progress: &dyn Progress,
) -> Result<Outcome, serde_json::Error> {
    stream_from(
        builder,
        label,
        serde_json::Deserializer::from_str(text),
        keep,
        Some((text.as_ptr() as usize, text.len() as u64)),
        progress,
    )
}

/// [`stream`] from any JSON source: a text in memory (fastest: member names are borrowed)
/// or a buffered file, so that a file larger than memory can be read (see
/// `READ_WHOLE_UP_TO` in `network.rs`). Both build the same network. `text` is the address
/// and length of the text for the progress of an in-memory parse; a buffered parse reports
/// its progress through the reader instead (`None`).
pub(super) fn stream_from<'de, R: serde_json::de::Read<'de>>(
    builder: &mut NetworkBuilder,
    label: &str,
    mut de: serde_json::Deserializer<R>,
    keep: &KeepProperties,
    text: Option<(usize, u64)>,
    progress: &dyn Progress,
) -> Result<Outcome, serde_json::Error> {
    let mut ctx = Ctx {
        // one shared name for every feature's location
        label: label.into(),
        keep,
        builder,
        irregular: false,
        // a buffered parse borrows no key from the text, so no position is ever measured
        base: text.map_or(usize::MAX, |(at, _)| at),
        parsed: Batched::new(progress, BYTES_PER_REPORT),
    };
    let outcome = RootSeed { ctx: &mut ctx }
        .deserialize(&mut de)
        .and_then(|root| de.end().map(|()| root));
    // the rest of the text (after the last feature, or all of it for another outcome)
    if let Some((_, len)) = text {
        let rest = len.saturating_sub(ctx.parsed.added());
        ctx.parsed.add(rest);
    }
    let root = outcome?;
    if ctx.irregular {
        return Ok(Outcome::Irregular);
    }
    Ok(root)
}

struct Ctx<'a> {
    label: Arc<str>,
    keep: &'a KeepProperties,
    builder: &'a mut NetworkBuilder,
    irregular: bool,
    /// Where the text starts in memory: a key borrowed from it tells how far the parser is.
    base: usize,
    /// The bytes parsed so far, reported in batches.
    parsed: Batched<'a>,
}

// ---------------------------------------------------------------- root

struct RootSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_> {
    type Value = Outcome;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_, '_> {
    type Value = Outcome;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome, A::Error> {
        // members kept for a root that is not a FeatureCollection (a single Feature)
        let mut members = serde_json::Map::new();
        // whether the last `features` member was an array (streamed into the builder)
        let mut streamed = false;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            if key == "features" {
                // the last `features` member counts, as in a JSON object
                *self.ctx.builder = NetworkBuilder::new();
                self.ctx.irregular = false;
                streamed = map.next_value_seed(FeaturesSeed { ctx: self.ctx })?;
                members.remove("features");
                if !streamed {
                    // not an array: the reference reader reports it
                    members.insert("features".into(), Value::Null);
                }
            } else {
                let v: Value = map.next_value()?;
                match key {
                    "type" | "geometry" | "properties" | "id" => {
                        members.insert(key.to_string(), v);
                    }
                    _ => {}
                }
            }
        }
        let is_collection =
            members.get("type").and_then(Value::as_str) == Some("FeatureCollection");
        if is_collection && streamed {
            Ok(Outcome::Collection)
        } else {
            *self.ctx.builder = NetworkBuilder::new();
            self.ctx.irregular = false;
            Ok(Outcome::Other(Value::Object(members)))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Outcome, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Outcome::Other(Value::Null))
    }

    scalars_to!(Outcome::Other(Value::Null));
}

/// Accepts every JSON scalar with the given result (the containers are visited above).
macro_rules! scalars_to {
    ($result:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($result)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($result)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($result)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($result)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($result)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($result)
        }
    };
}
use scalars_to;

/// A member name, borrowed from the text when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
    fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_string(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(s))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s.to_string()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s))
            }
        }
        d.deserialize_str(V)
    }
}

/// Any value, parsed as a `serde_json::Value` would be (numbers included, so that a number
/// out of range or a trailing comma is the same syntax error) but not built.
struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
    fn visit_borrowed_str<E: de::Error>(self, _: &'de str) -> Result<Skip, E> {
        Ok(Skip)
    }
    scalars_to!(Skip);
}

/// A string member (`type`), or `None` for any other value (parsed in full, then dropped).
struct StrOrNone;

impl<'de> DeserializeSeed<'de> for StrOrNone {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrOrNone {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(s.to_string())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(s)))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_key::<Key<'de>>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(None)
    }
}

// ---------------------------------------------------------------- features

/// The `features` member: `true` when it is an array (each feature is read into the
/// builder as it is parsed), `false` for anything else (parsed in full, then dropped).
struct FeaturesSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_, '_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut i = 0usize;
        while let Some(parts) = seq.next_element_seed(FeatureSeed {
            keep: self.ctx.keep,
        })? {
            if let Some(at) = parts.at {
                let at = at.saturating_sub(self.ctx.base) as u64;
                let done = self.ctx.parsed.added();
                if at > done {
                    self.ctx.parsed.add(at - done);
                }
            }
            let loc = SourceLocation::feature(self.ctx.label.clone(), i);
            match read_feature(self.ctx.builder, parts, self.ctx.keep, loc) {
                Ok(true) => {}
                Ok(false) => self.ctx.irregular = true,
                Err(d) => {
                    self.ctx.builder.add_diagnostic(*d);
                }
            }
            i += 1;
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_key::<Key<'de>>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(false)
    }

    scalars_to!(false);
}

/// One feature as parsed: the members the reader uses.
#[derive(Default)]
struct FeatureParts<'de> {
    /// The address of the feature's last key borrowed from the text (progress only).
    at: Option<usize>,
    is_object: bool,
    is_feature: bool,
    properties: PropsPart,
    id: Option<Value>,
    geometry: GeomPart<'de>,
}

// one per feature, moved once: boxing the large variant would cost an allocation each
#[allow(clippy::large_enum_variant)]
#[derive(Default)]
enum PropsPart {
    #[default]
    Absent,
    /// The kept free properties, and the interpreted ones (indexed like [`SPECIAL`]).
    Map(Properties, Specials),
    NotObject,
}

/// The values of the properties named in [`SPECIAL`], in that order.
type Specials = [Option<Value>; SPECIAL.len()];

const ID: usize = 0;
const NAME: usize = 1;
const KIND: usize = 2;
const FROM: usize = 3;

#[derive(Default)]
enum GeomPart<'de> {
    /// Absent or null.
    #[default]
    None,
    /// Not an object.
    NotObject,
    Object {
        kind: Option<Cow<'de, str>>,
        coordinates: Option<Coords>,
    },
}

struct FeatureSeed<'k> {
    keep: &'k KeepProperties,
}

impl<'de, 'k> DeserializeSeed<'de> for FeatureSeed<'k> {
    type Value = FeatureParts<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'k> Visitor<'de> for FeatureSeed<'k> {
    type Value = FeatureParts<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON Feature")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = FeatureParts {
            is_object: true,
            ..FeatureParts::default()
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if let Key::Borrowed(k) = &key {
                parts.at = Some(k.as_ptr() as usize);
            }
            match key.as_str() {
                "type" => {
                    parts.is_feature =
                        map.next_value_seed(StrOrNone)?.as_deref() == Some("Feature");
                }
                "properties" => {
                    parts.properties = map.next_value_seed(PropsSeed { keep: self.keep })?;
                }
                "id" => parts.id = Some(map.next_value()?),
                "geometry" => parts.geometry = map.next_value_seed(GeomSeed)?,
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(parts)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(FeatureParts::default())
    }

    scalars_to!(FeatureParts::default());
}

struct PropsSeed<'k> {
    keep: &'k KeepProperties,
}

impl<'de, 'k> DeserializeSeed<'de> for PropsSeed<'k> {
    type Value = PropsPart;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'k> Visitor<'de> for PropsSeed<'k> {
    type Value = PropsPart;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of properties")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropsPart, A::Error> {
        let mut props = Properties::new();
        let mut special: Specials = Default::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let k = key.as_str();
            if let Some(i) = SPECIAL.iter().position(|s| *s == k) {
                // the last value of a key counts, as in a JSON object
                special[i] = Some(map.next_value()?);
            } else if self.keep.keeps(k) {
                let v: Value = map.next_value()?;
                props.insert(key.into_string(), v);
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(PropsPart::Map(props, special))
    }

    fn visit_unit<E: de::Error>(self) -> Result<PropsPart, E> {
        Ok(PropsPart::Absent)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PropsPart, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(PropsPart::NotObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<PropsPart, E> {
        Ok(PropsPart::NotObject)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<PropsPart, E> {
        Ok(PropsPart::NotObject)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<PropsPart, E> {
        Ok(PropsPart::NotObject)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<PropsPart, E> {
        Ok(PropsPart::NotObject)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<PropsPart, E> {
        Ok(PropsPart::NotObject)
    }
}

struct GeomSeed;

impl<'de> DeserializeSeed<'de> for GeomSeed {
    type Value = GeomPart<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeomSeed {
    type Value = GeomPart<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON geometry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind = None;
        let mut coordinates = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "type" => kind = map.next_value_seed(StrOrNone)?,
                "coordinates" => coordinates = Some(map.next_value_seed(CoordsSeed)?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(GeomPart::Object { kind, coordinates })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(GeomPart::None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(GeomPart::NotObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(GeomPart::NotObject)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(GeomPart::NotObject)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(GeomPart::NotObject)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(GeomPart::NotObject)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(GeomPart::NotObject)
    }
}

// ---------------------------------------------------------------- coordinates

/// A `coordinates` member, decoded by its nesting: a number, a position (an array whose
/// first two elements are numbers; further elements are parsed and dropped), a line (an
/// array of positions), lines (an array of lines, where an empty part is an empty line).
/// Anything else is `Irregular`: the reference reader describes it.
enum Coords {
    Num(f64),
    Empty,
    Pos(Coord<f64>),
    Line(Vec<Coord<f64>>),
    Lines(Vec<Vec<Coord<f64>>>),
    Irregular,
}

struct CoordsSeed;

impl<'de> DeserializeSeed<'de> for CoordsSeed {
    type Value = Coords;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Coords, D::Error> {
        d.deserialize_any(self)
    }
}

/// A number, or `None` for anything else (parsed in full).
struct NumSeed;

impl<'de> DeserializeSeed<'de> for NumSeed {
    type Value = Option<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<f64>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NumSeed {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<f64>, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<f64>, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<f64>, E> {
        Ok(Some(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<f64>, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<f64>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<f64>, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<f64>, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<f64>, A::Error> {
        while map.next_key::<Key<'de>>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(None)
    }
}

/// Parses and drops the remaining elements of a sequence.
fn drain<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

impl<'de> Visitor<'de> for CoordsSeed {
    type Value = Coords;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GeoJSON coordinates")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
        let Some(first) = seq.next_element_seed(CoordsSeed)? else {
            return Ok(Coords::Empty);
        };
        match first {
            Coords::Num(x) => match seq.next_element_seed(NumSeed)? {
                Some(Some(y)) => {
                    drain(&mut seq)?;
                    Ok(Coords::Pos(Coord { x, y }))
                }
                Some(None) => {
                    drain(&mut seq)?;
                    Ok(Coords::Irregular)
                }
                None => Ok(Coords::Irregular),
            },
            Coords::Pos(c) => {
                let mut line = vec![c];
                while let Some(next) = seq.next_element_seed(CoordsSeed)? {
                    match next {
                        Coords::Pos(c) => line.push(c),
                        _ => {
                            drain(&mut seq)?;
                            return Ok(Coords::Irregular);
                        }
                    }
                }
                line.shrink_to_fit();
                Ok(Coords::Line(line))
            }
            Coords::Line(l) => {
                let mut lines = vec![l];
                while let Some(next) = seq.next_element_seed(CoordsSeed)? {
                    match next {
                        Coords::Line(l) => lines.push(l),
                        Coords::Empty => lines.push(Vec::new()),
                        _ => {
                            drain(&mut seq)?;
                            return Ok(Coords::Irregular);
                        }
                    }
                }
                lines.shrink_to_fit();
                Ok(Coords::Lines(lines))
            }
            Coords::Empty | Coords::Lines(_) | Coords::Irregular => {
                drain(&mut seq)?;
                Ok(Coords::Irregular)
            }
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
        Ok(Coords::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
        Ok(Coords::Num(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
        Ok(Coords::Num(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Coords, E> {
        Ok(Coords::Irregular)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Coords, E> {
        Ok(Coords::Irregular)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Coords, E> {
        Ok(Coords::Irregular)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Coords, A::Error> {
        while map.next_key::<Key<'de>>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Coords::Irregular)
    }
}

// ---------------------------------------------------------------- one feature

/// The reference reader's `read_feature` on the parsed parts: `Ok(true)` when the feature
/// was added, `Ok(false)` when it is irregular (nothing added; the file is read again with
/// the reference reader), `Err` for a problem in the feature.
fn read_feature(
    builder: &mut NetworkBuilder,
    parts: FeatureParts<'_>,
    keep: &KeepProperties,
    mut loc: SourceLocation,
) -> Result<bool, Box<crate::error::Diagnostic>> {
    if !(parts.is_object && parts.is_feature) {
        return Err(err(
            ProblemKind::InvalidGeoJson,
            &loc,
            "not a GeoJSON Feature",
        ));
    }
    let (mut props, mut special) = match parts.properties {
        PropsPart::Absent => (Properties::new(), Specials::default()),
        PropsPart::Map(m, sp) => (m, sp),
        PropsPart::NotObject => {
            return Err(err(
                ProblemKind::InvalidGeoJson,
                &loc,
                "`properties` is not an object",
            ));
        }
    };
    let id = feature_id(
        special[ID].take().filter(|v| !v.is_null()).or(parts.id),
        &loc,
    )?;
    if let Some(id) = &id {
        loc = loc.with_id(id.as_key());
    }
    let (gtype, coords) = match parts.geometry {
        GeomPart::None => {
            return Err(err(
                ProblemKind::UnsupportedGeometry,
                &loc,
                "feature has no geometry",
            ));
        }
        GeomPart::NotObject => (None, None),
        GeomPart::Object { kind, coordinates } => (kind, coordinates),
    };
    let bad_position = |loc: &SourceLocation| {
        err(
            ProblemKind::InvalidGeoJson,
            loc,
            "invalid position: not an array of numbers",
        )
    };
    match gtype.as_deref().unwrap_or("(none)") {
        "Point" => {
            let c = match coords {
                None | Some(Coords::Num(_)) => return Err(bad_position(&loc)),
                Some(Coords::Empty) => {
                    return Err(err(
                        ProblemKind::EmptyGeometry,
                        &loc,
                        "empty Point coordinates",
                    ));
                }
                Some(Coords::Pos(c)) => c,
                Some(Coords::Line(_) | Coords::Lines(_) | Coords::Irregular) => return Ok(false),
            };
            let id = id.ok_or_else(|| {
                err(
                    ProblemKind::MissingId,
                    &loc,
                    "hub (Point feature) has no `id` property",
                )
            })?;
            let name =
                value_string(special[NAME].take(), "name", &loc)?.unwrap_or_else(|| id.to_string());
            let kind = match value_string(special[KIND].take(), "kind", &loc)? {
                None => HubKind::Other,
                Some(k) => k.parse::<HubKind>().map_err(|m| {
                    err(
                        ProblemKind::InvalidProperty,
                        &loc.clone().with_field("kind"),
                        m,
                    )
                })?,
            };
            // the segment properties are free properties of a hub
            free(&mut props, &mut special[FROM..], FROM, keep);
            let hub = Hub {
                id,
                name,
                kind,
                location: c.into(),
                properties: props,
            };
            builder.add_hub_at(hub, loc);
            Ok(true)
        }
        "LineString" => {
            let line = match coords {
                None | Some(Coords::Num(_)) => {
                    return Err(err(
                        ProblemKind::InvalidGeoJson,
                        &loc,
                        "LineString coordinates are not an array",
                    ));
                }
                Some(Coords::Pos(_)) => return Err(bad_position(&loc)),
                Some(Coords::Empty) => Vec::new(),
                Some(Coords::Line(l)) => l,
                Some(Coords::Lines(_) | Coords::Irregular) => return Ok(false),
            };
            let values = segment_values(&mut special);
            free(&mut props, &mut special[NAME..FROM], NAME, keep);
            let spec = segment_spec_of(id, LineString::from(line), values, props, &loc)?;
            builder.add_segment(spec);
            Ok(true)
        }
        "MultiLineString" => {
            let parts: Vec<LineString<f64>> = match coords {
                None | Some(Coords::Num(_)) => {
                    return Err(err(
                        ProblemKind::InvalidGeoJson,
                        &loc,
                        "MultiLineString without coordinate array",
                    ));
                }
                Some(Coords::Empty) => {
                    return Err(err(
                        ProblemKind::EmptyGeometry,
                        &loc,
                        "empty MultiLineString",
                    ));
                }
                Some(Coords::Pos(_)) => {
                    return Err(err(
                        ProblemKind::InvalidGeoJson,
                        &loc,
                        "LineString coordinates are not an array",
                    ));
                }
                Some(Coords::Line(_)) => return Err(bad_position(&loc)),
                Some(Coords::Lines(l)) => l.into_iter().map(LineString::from).collect(),
                Some(Coords::Irregular) => return Ok(false),
            };
            let values = segment_values(&mut special);
            free(&mut props, &mut special[NAME..FROM], NAME, keep);
            if let Some(merged) = join_parts(&parts) {
                let spec = segment_spec_of(id, merged, values, props, &loc)?;
                builder.add_segment(spec);
                return Ok(true);
            }
            if values.from.as_ref().is_some_and(|v| !v.is_null())
                || values.to.as_ref().is_some_and(|v| !v.is_null())
            {
                return Err(err(
                    ProblemKind::MultiLineString,
                    &loc,
                    format!(
                        "MultiLineString with {} disjoint parts and `from`/`to` hubs: it is unclear which part ends at which hub; split it into LineString features",
                        parts.len()
                    ),
                ));
            }
            for (k, part) in parts.into_iter().enumerate() {
                let part_id = id.as_ref().map(|i| FeatureId::Str(format!("{i}/{k}")));
                let spec = segment_spec_of(part_id, part, values.clone(), props.clone(), &loc)?;
                builder.add_segment(spec);
            }
            Ok(true)
        }
        other => Err(err(
            ProblemKind::UnsupportedGeometry,
            &loc,
            format!("geometry type {other} is not a hub (Point) or a segment (LineString)"),
        )),
    }
}

/// The interpreted properties of a segment, taken from `special`.
fn segment_values(special: &mut Specials) -> SegmentValues {
    let mut take = |key: &str| {
        let i = SPECIAL.iter().position(|s| *s == key);
        i.and_then(|i| special[i].take())
    };
    SegmentValues {
        from: take("from"),
        to: take("to"),
        mode: take("mode"),
        length_m: take("length_m"),
        minutes: take("minutes"),
        speed_kmh: take("speed_kmh"),
        oneway: take("oneway"),
    }
}

/// Puts the values of `special` (the [`SPECIAL`] keys from index `first` on) that this kind
/// of feature does not interpret back among the free properties, when kept.
fn free(
    props: &mut Properties,
    special: &mut [Option<Value>],
    first: usize,
    keep: &KeepProperties,
) {
    for (k, v) in special.iter_mut().enumerate() {
        let key = SPECIAL[first + k];
        if let Some(v) = v.take()
            && keep.keeps(key)
        {
            props.insert(key.to_string(), v);
        }
    }
}
