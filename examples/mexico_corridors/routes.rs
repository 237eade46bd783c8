//! Step: routes from Tapachula to every border city via the tourist centres, the named
//! corridors layer with SYNTHETIC per-corridor case counts behind the privacy guard, and where
//! 5 outreach posts would capture the most entry → border demand.

use std::path::Path;

use anyhow::{Context, Result};
use corridors::cases::corridor_case_counts;
use corridors::cases::{
    AggregateOptions, Gazetteer, ItineraryOptions, PrivacyGuard, route_itineraries,
};
use corridors::io::ReadOptions;
use corridors::io::corridors_json::read_corridors;
use corridors::io::csv::read_htcds;
use corridors::io::geojson::write_feature_collection;
use corridors::map::{corridor_cases_layer, routes_layer, siting_layer};
use corridors::planning::{CoverageOptions, DemandCoverage, GREEDY_GUARANTEE, site_greedy};
use corridors::routing::{Router, RouterOptions, resolve_corridors};
use corridors::{HubKind, Network, OdDemand};

pub fn run(net: &Network, data: &Path, out: &Path) -> Result<()> {
    println!("\n== Routes, corridors and outreach posts ==");
    let router = Router::new(net, &RouterOptions::default())?;
    let mut ws = router.workspace();
    let origin = net.require_hub("tapachula")?;
    let borders = net.hubs_of_kind(HubKind::BorderCrossing);

    // Tapachula → each border city, through the tourist centre that adds the least travel
    // time (the exploitation detour the article describes), and the direct route for
    // comparison. The default costing charges 12 hours per international border crossed, so
    // routes stay in Mexico unless no Mexican road or rail joins their stops.
    let tourist = net.hubs_of_kind(HubKind::TouristCentre);
    let mut routes = Vec::new();
    for &b in &borders {
        let Ok(direct) = router.route(&mut ws, origin, b, None) else {
            println!("  {}: unreachable", net.hub(b).name);
            continue;
        };
        let best_via = tourist
            .iter()
            .filter_map(|&t| {
                router
                    .route_via(&mut ws, &[origin, t, b], None)
                    .ok()
                    .map(|r| (t, r))
            })
            .min_by(|x, y| x.1.cost.total_cmp(&y.1.cost));
        if let Some((t, via)) = best_via {
            println!(
                "  Tapachula → {:<22} {:>5.0} km direct, {:>5.0} km via {}",
                net.hub(b).name,
                direct.length_m / 1000.0,
                via.length_m / 1000.0,
                net.hub(t).name
            );
            if via.reenters_country(net) || direct.reenters_country(net) {
                println!(
                    "    leaves and re-enters a country: {}",
                    via.countries(net).join(" → ")
                );
            }
            routes.push(via);
        }
    }
    let inside = routes.iter().filter(|r| !r.reenters_country(net)).count();
    println!(
        "  {inside} of {} routes stay inside Mexico (border penalty {} h per crossing)",
        routes.len(),
        corridors::weights::DEFAULT_BORDER_PENALTY_MINUTES / 60.0
    );
    let path = out.join("mexico_routes.geojson");
    write_feature_collection(&path, &routes_layer(net, &routes)?)?;
    println!("  written {}", path.display());

    let file = read_corridors(data.join("corridors.json")).context("reading corridors.json")?;
    let resolved = resolve_corridors(net, &file.corridors, &Default::default())?;
    // SYNTHETIC itineraries (not real cases) counted per corridor, published through the
    // privacy guard: counts from 1 to 10 are shown as "suppressed", never as numbers.
    let its = read_htcds(
        data.join("itineraries_synthetic.csv"),
        &ReadOptions::default(),
    )?;
    let gaz = Gazetteer::new(net).with_places(corridors::io::csv::read_geonames(
        "data/geonames/places.csv",
    )?);
    let (routed, _) = route_itineraries(
        net,
        &gaz,
        &its.records,
        &ItineraryOptions::default(),
        &Default::default(),
    )?;
    let counts = corridor_case_counts(net, &resolved, &routed, &AggregateOptions::default())?;
    let guard = PrivacyGuard::default();
    for (c, n) in resolved.iter().zip(&counts) {
        println!(
            "  corridor {:<46} {:>5.0} km, {:>3} hubs{}; synthetic cases: {}",
            c.corridor.name,
            c.route.length_m / 1000.0,
            c.route.hubs.len(),
            c.corridor
                .mode
                .map(|m| format!(", {:.0}% {m}", 100.0 * c.mode_share))
                .unwrap_or_default(),
            guard
                .publish_count(n.cases)
                .map_or_else(|| "suppressed".to_string(), |v| v.to_string())
        );
    }
    let path = out.join("mexico_named_corridors.geojson");
    write_feature_collection(
        &path,
        &corridor_cases_layer(net, &resolved, &guard.publish_counts(&counts)?)?,
    )?;
    println!("  written {}", path.display());

    // Where would 5 outreach posts capture the most entry → border demand?
    let demand = OdDemand::between_indices(net, &net.hubs_of_kind(HubKind::Entry), &borders)?;
    let cov = DemandCoverage::new(
        net,
        &demand,
        &CoverageOptions::default(),
        &Default::default(),
    )?;
    let plan = site_greedy(net, &cov, 5, None)?;
    println!(
        "  5 outreach posts for {} entry → border pairs (greedy, ≥ {:.0}% of optimal):",
        demand.len(),
        100.0 * GREEDY_GUARANTEE
    );
    for (k, s) in plan.steps.iter().enumerate() {
        println!(
            "    {}. {:<24} +{:.1} pairs, {:.1}% captured",
            k + 1,
            net.hub(s.element).name,
            s.marginal_gain,
            100.0 * s.captured_share
        );
    }
    if plan.steps.len() < 5 {
        println!(
            "    ({} posts already capture all reachable demand)",
            plan.steps.len()
        );
    }
    let robust = DemandCoverage::new(
        net,
        &demand,
        &CoverageOptions {
            robust_k: Some(3),
            ..Default::default()
        },
        &Default::default(),
    )?;
    let rplan = site_greedy(net, &robust, 5, None)?;
    println!(
        "  counting each pair's 3 shortest alternatives (rerouting): {:.1}% captured by {}",
        100.0 * rplan.captured_share,
        rplan
            .steps
            .iter()
            .map(|s| net.hub(s.element).name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let path = out.join("mexico_outreach_posts.geojson");
    write_feature_collection(&path, &siting_layer(net, &plan)?)?;
    println!("  written {}", path.display());
    Ok(())
}
