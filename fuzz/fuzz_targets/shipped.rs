//! The shipped glossary, embedded in the fuzz targets that need it (a module
//! of those targets, not a target itself).

use std::sync::OnceLock;

use glossalign::glossary::load::load_sources;
use glossalign::glossary::Glossary;

/// The glossary in `glossary/`, loaded once.
pub fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        let files = [
            ("media.csv", &include_bytes!("../../glossary/media.csv")[..]),
            (
                "organizations.csv",
                include_bytes!("../../glossary/organizations.csv"),
            ),
            ("people.csv", include_bytes!("../../glossary/people.csv")),
            ("places.csv", include_bytes!("../../glossary/places.csv")),
            (
                "products.csv",
                include_bytes!("../../glossary/products.csv"),
            ),
        ];
        let sources: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        load_sources(&sources).expect("shipped glossary is valid")
    })
}
