//! Hub references: the one way a user names hubs, in the library and in every CLI command.
//!
//! A reference is one of
//! * an id (`tapachula`), matched exactly first, then ignoring case;
//! * a name (`Ciudad Juárez`, `ciudad juarez`), matched ignoring case, accents and
//!   punctuation (a name shared by several hubs names all of them);
//! * `kind:KIND` (`kind:entry`): every hub of that kind;
//! * `country:CC` (`country:GT`): every hub whose `country` property is that ISO 3166
//!   alpha-2 code;
//! * `id:ID` or `name:NAME` to force one reading.
//!
//! Surrounding white space is ignored. An unknown reference is an
//! [`Error::UnknownHub`] with up to three suggestions ("did you mean").

use crate::error::{Error, Result};

use super::{Hub, HubKind, Network};

/// Lower case, common Latin accents removed, runs of other characters collapsed to one space.
///
/// The comparison key for hub and place names.
///
/// ```
/// use corridors::network::normalise_name;
/// assert_eq!(normalise_name("  Cancún, Q.Roo "), "cancun q roo");
/// assert_eq!(normalise_name("CIUDAD JUÁREZ"), "ciudad juarez");
/// ```
pub fn normalise_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        c => c,
    }
}

impl Hub {
    /// The hub's country: its `country` property (ISO 3166 alpha-2, e.g. `MX`), upper-cased;
    /// `None` when the property is missing or not a two-letter code.
    ///
    /// ```
    /// use corridors::{Hub, HubKind};
    /// let mut h = Hub::new("tapachula", HubKind::Entry, -92.26, 14.91);
    /// assert_eq!(h.country(), None);
    /// h.properties.insert("country".into(), "mx".into());
    /// assert_eq!(h.country().as_deref(), Some("MX"));
    /// ```
    pub fn country(&self) -> Option<String> {
        let c = self.properties.get("country")?.as_str()?.trim();
        (c.len() == 2 && c.chars().all(|c| c.is_ascii_alphabetic())).then(|| c.to_ascii_uppercase())
    }
}

impl Network {
    /// The hubs one reference names, in index order.
    ///
    /// A reference is an id (exact, then ignoring case), a name (ignoring case, accents and
    /// punctuation; a shared name names every hub that has it), `kind:KIND`, `country:CC`
    /// (the hubs' [`Hub::country`]), or `id:ID` / `name:NAME` to force one reading.
    /// Surrounding white space is ignored.
    ///
    /// # Arguments
    /// * `reference`: an id, a name, `kind:KIND`, `country:CC`, `id:ID` or `name:NAME`.
    ///
    /// # Returns
    /// At least one hub index.
    ///
    /// # Complexity
    /// `O(1)` for an exact id, else `O(n)` string comparisons (`O(n · len²)` for suggestions).
    ///
    /// # Errors
    /// [`Error::UnknownHub`] with suggestions when nothing matches (an unknown kind, or a
    /// kind or country no hub has, included).
    ///
    /// # Example
    /// ```
    /// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    /// let mut b = NetworkBuilder::new();
    /// b.add_hub(Hub::new("cdj", HubKind::BorderCrossing, -106.4, 31.7).with_name("Ciudad Juárez"));
    /// b.add_hub(Hub::new("chih", HubKind::Transit, -106.1, 28.6).with_name("Chihuahua"));
    /// b.add_segment(SegmentSpec::between("s", "chih", "cdj"));
    /// let (net, _) = b.build()?;
    /// assert_eq!(net.resolve_hubs(" ciudad juarez ")?, [0]);
    /// assert_eq!(net.resolve_hubs("kind:border_crossing")?, [0]);
    /// assert_eq!(net.resolve_hubs("CHIH")?, [1]);
    /// let err = net.resolve_hubs("chihuahau").unwrap_err().to_string();
    /// assert!(err.contains("did you mean") && err.contains("Chihuahua"), "{err}");
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn resolve_hubs(&self, reference: &str) -> Result<Vec<usize>> {
        let r = reference.trim();
        let unknown = |suggestions: Vec<String>| Error::UnknownHub {
            reference: r.to_string(),
            suggestions,
        };
        if r.is_empty() {
            return Err(unknown(Vec::new()));
        }
        if let Some(kind) = strip_prefix_ci(r, "kind:") {
            let kind: HubKind = kind.parse().map_err(|_| {
                unknown(
                    HubKind::ALL
                        .iter()
                        .map(|k| format!("kind:{}", k.as_str()))
                        .collect(),
                )
            })?;
            let hubs = self.hubs_of_kind(kind);
            return if hubs.is_empty() {
                Err(unknown(
                    self.present(|h| format!("kind:{}", h.kind.as_str())),
                ))
            } else {
                Ok(hubs)
            };
        }
        if let Some(cc) = strip_prefix_ci(r, "country:") {
            let cc = cc.trim().to_ascii_uppercase();
            let hubs: Vec<usize> = (0..self.hub_count())
                .filter(|&i| self.hub(i).country().as_deref() == Some(cc.as_str()))
                .collect();
            return if hubs.is_empty() {
                Err(unknown(self.present(|h| {
                    h.country()
                        .map_or_else(String::new, |c| format!("country:{c}"))
                })))
            } else {
                Ok(hubs)
            };
        }
        let (by_id, by_name, text) = if let Some(id) = strip_prefix_ci(r, "id:") {
            (true, false, id.trim())
        } else if let Some(name) = strip_prefix_ci(r, "name:") {
            (false, true, name.trim())
        } else {
            (true, true, r)
        };
        if let Some(i) = self.hub_index(text).filter(|_| by_id) {
            return Ok(vec![i]);
        }
        let key = normalise_name(text);
        if by_name && !key.is_empty() {
            let hubs: Vec<usize> = (0..self.hub_count())
                .filter(|&i| normalise_name(&self.hub(i).name) == key)
                .collect();
            if !hubs.is_empty() {
                return Ok(hubs);
            }
        }
        if by_id {
            let lower = text.to_lowercase();
            let hubs: Vec<usize> = (0..self.hub_count())
                .filter(|&i| self.hub(i).id.as_key().to_lowercase() == lower)
                .collect();
            if !hubs.is_empty() {
                return Ok(hubs);
            }
        }
        Err(unknown(self.suggest(&key)))
    }

    /// The one hub a reference names.
    ///
    /// # Errors
    /// [`Error::UnknownHub`] when nothing matches; [`Error::InvalidArgument`] (`hub`) listing
    /// the ids when the reference names several hubs (a shared name, a kind, a country).
    ///
    /// # Example
    /// ```
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// assert_eq!(net.resolve_hub("B")?, 1);
    /// assert!(net.resolve_hub("kind:transit").is_err()); // three hubs
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn resolve_hub(&self, reference: &str) -> Result<usize> {
        let hubs = self.resolve_hubs(reference)?;
        match hubs.as_slice() {
            [one] => Ok(*one),
            many => Err(Error::invalid(
                "hub",
                format!(
                    "{:?} names {} hubs ({}); name one by its id",
                    reference.trim(),
                    many.len(),
                    many.iter()
                        .take(8)
                        .map(|&i| self.hub(i).id.as_key())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// The hubs a list of references names: their union, in first-mention order, each once.
    ///
    /// # Errors
    /// The first reference that names nothing ([`Network::resolve_hubs`]).
    ///
    /// # Example
    /// ```
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// assert_eq!(net.resolve_hub_list(&["c", " a", "C"])?, [2, 0]);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn resolve_hub_list<S: AsRef<str>>(&self, references: &[S]) -> Result<Vec<usize>> {
        let mut seen = vec![false; self.hub_count()];
        let mut out = Vec::new();
        for r in references {
            for i in self.resolve_hubs(r.as_ref())? {
                if !std::mem::replace(&mut seen[i], true) {
                    out.push(i);
                }
            }
        }
        Ok(out)
    }

    /// The distinct non-empty values of `f` over the hubs, sorted (for suggestions).
    fn present(&self, f: impl Fn(&Hub) -> String) -> Vec<String> {
        let mut v: Vec<String> = self.hubs().map(f).filter(|s| !s.is_empty()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Up to three hub names or ids closest to `key` in edit distance.
    pub(crate) fn suggest(&self, key: &str) -> Vec<String> {
        if key.is_empty() {
            return Vec::new();
        }
        let limit = (key.chars().count() / 3).max(2);
        let mut best: Vec<(usize, String)> = Vec::new();
        for h in self.hubs() {
            let id = h.id.as_key();
            let (name_key, id_key) = (normalise_name(&h.name), normalise_name(&id));
            let d = edit_distance(key, &name_key).min(edit_distance(key, &id_key));
            if d <= limit {
                let label = if name_key == id_key {
                    id
                } else {
                    format!("{} ({id})", h.name)
                };
                best.push((d, label));
            }
        }
        best.sort();
        best.dedup_by(|a, b| a.1 == b.1);
        best.into_iter().take(3).map(|(_, s)| s).collect()
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len() && s.is_char_boundary(prefix.len()))
        .then(|| s.split_at(prefix.len()))
        .filter(|(p, _)| p.eq_ignore_ascii_case(prefix))
        .map(|(_, rest)| rest)
}

/// Levenshtein distance over chars (two rows).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("juarez", "juárez"), 1);
    }

    #[test]
    fn unknown_kind_and_country_suggest_what_exists() {
        let net = crate::fixtures::path(&["a", "b"]);
        let e = net.resolve_hubs("kind:bogus").unwrap_err().to_string();
        assert!(e.contains("kind:entry"), "{e}");
        let e = net.resolve_hubs("country:GT").unwrap_err().to_string();
        assert!(e.contains("country:GT"), "{e}");
        assert!(net.resolve_hubs("").is_err());
        assert!(net.resolve_hubs("id:A").is_ok()); // case-insensitive id fallback
        assert!(net.resolve_hubs("name:zz").is_err());
    }
}
