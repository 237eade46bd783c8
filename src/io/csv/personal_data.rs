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

#[cfg(test)]
mod tests {
    use super::*;

    fn personal(name: &str) -> bool {
        looks_personal(name, None)
    }

    #[test]
    fn contact_and_identity_columns_are_personal() {
        for n in [
            "phone",
            "telefono",
            "e_mail_address",
            "email",
            "passport_no",
            "curp",
            "date_of_birth",
            "first_name",
            "apellidos",
            "victim_name",
            "names",
        ] {
            assert!(personal(n), "{n}");
        }
    }

    #[test]
    fn place_names_and_case_fields_are_kept() {
        for n in [
            "city_name",
            "place_name",
            "country_name",
            "route_name",
            "lat",
            "lon",
            "date",
            "count",
            "case_id",
            "migration_route",
            "observaciones",
        ] {
            assert!(!personal(n), "{n}");
        }
    }

    #[test]
    fn hxl_tags_decide_first() {
        let tag = |s: &str| HxlTag::parse(s).expect("a valid tag");
        assert!(looks_personal("x", Some(&tag("#contact+phone"))));
        assert!(looks_personal("x", Some(&tag("#affected+name"))));
        assert!(!looks_personal("x", Some(&tag("#adm1+name"))));
        assert!(!looks_personal("x", Some(&tag("#geo+lat"))));
    }
}
