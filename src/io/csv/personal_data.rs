//! The personal-data policy of the case readers: which columns are dropped on read.
//!
//! A column is dropped when its (normalised) name or its HXL tag looks like personal data:
//! names, phone numbers, e-mail, document numbers, addresses, birth dates. Place names
//! (`city`, `town`, `municipality`, …) are kept. A caller keeps a column on purpose with
//! [`ReadOptions::keep_columns`](crate::io::ReadOptions::keep_columns).

use crate::io::hxl::HxlTag;

/// Whether a (normalised) column name or HXL tag looks like personal data.
pub(crate) fn looks_personal(name: &str, tag: Option<&HxlTag>) -> bool {
    if tag.is_some_and(|t| {
        t.base == "contact"
            || (t.has("name")
                && !matches!(t.base.as_str(), "geo" | "adm1" | "adm2" | "loc" | "org"))
    }) {
        return true;
    }
    let tokens: Vec<&str> = name.split('_').collect();
    let has = |w: &[&str]| tokens.iter().any(|t| w.contains(t));
    let joined = tokens.concat();
    const ALWAYS: &[&str] = &[
        "phone",
        "telephone",
        "tel",
        "mobile",
        "mobilephone",
        "homephone",
        "celular",
        "telefono",
        "email",
        "mail",
        "correo",
        "passport",
        "pasaporte",
        "document",
        "documento",
        "curp",
        "dni",
        "ssn",
        "birthdate",
        "dob",
        "address",
        "direccion",
        "street",
        "calle",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "middlename",
        "secondname",
        "givenname",
        "familyname",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "salutation",
    ];
    if has(ALWAYS)
        || [
            "emailaddress",
            "idnumber",
            "nationalid",
            "documentnumber",
            "dateofbirth",
            "birthdate",
            "mailingstreet",
        ]
        .iter()
        .any(|w| joined.contains(w))
    {
        return true;
    }
    if has(&["name", "names"]) {
        const PLACE: &[&str] = &[
            "place",
            "location",
            "hub",
            "city",
            "route",
            "site",
            "org",
            "organisation",
            "organization",
            "country",
            "region",
            "state",
            "municipality",
            "town",
            "file",
        ];
        return !has(PLACE);
    }
    false
}
