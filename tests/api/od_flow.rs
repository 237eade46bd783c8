//! OD betweenness as researchers read it: the demand whose shortest paths pass a hub, the
//! same number on directed and undirected networks and the same as `plan`'s value of a
//! single hub (issue "Answers that mean what researchers mean", point 3).

use corridors::centrality::{self, CentralityOptions, OdConvention};
use corridors::planning::{CoverageOptions, DemandCoverage};
use corridors::{Costing, Direction, OdDemand, Weighting};

use crate::support;

fn flows(direction: Direction, weighting: Weighting) -> (Vec<f64>, Vec<f64>, f64) {
    let net = support::mexico();
    let demand = OdDemand::between(&net, &["kind:entry"], &["kind:border_crossing"]).unwrap();
    let opts = CentralityOptions {
        costing: Costing {
            direction,
            ..Costing::new(weighting.clone())
        },
        normalized: false,
        ..Default::default()
    };
    let od = centrality::od_betweenness(&net, &demand, &opts, &Default::default()).unwrap();
    let cov = DemandCoverage::new(
        &net,
        &demand,
        &CoverageOptions {
            costing: opts.costing.clone(),
            endpoints: false,
            ..Default::default()
        },
        &Default::default(),
    )
    .unwrap();
    // plan's value of each single hub, endpoints excluded like betweenness
    let single: Vec<f64> = (0..net.hub_count())
        .map(|i| {
            let mut chosen = vec![false; net.hub_count()];
            chosen[i] = true;
            cov.value(&chosen)
        })
        .collect();
    (od.hubs, single, demand.total())
}

#[test]
fn od_flow_is_demand_through_the_hub_directed_or_not() {
    for w in [Weighting::Length, Weighting::default()] {
        let (undirected, plan_u, total) = flows(Direction::Undirected, w.clone());
        let (directed, plan_d, _) = flows(Direction::Directed, w.clone());
        assert!(undirected.iter().any(|&x| x > 1.0), "vacuous");
        for i in 0..undirected.len() {
            // the same routes either way (no one-way segment in the data)
            assert!((undirected[i] - directed[i]).abs() < 1e-9, "{w}: hub {i}");
            // a hub's flow is the demand that plan says a post there intercepts
            assert!(
                (undirected[i] - plan_u[i]).abs() < 1e-9,
                "{w}: hub {i}: {} vs plan {}",
                undirected[i],
                plan_u[i]
            );
            assert!((directed[i] - plan_d[i]).abs() < 1e-9);
            assert!(undirected[i] <= total + 1e-9);
        }
    }
}

#[test]
fn networkx_subset_convention_is_kept_as_an_option() {
    let net = corridors::fixtures::path(&["a", "b", "c"]);
    let d = OdDemand::from_ids(&net, [("a", "c", 1.0)]).unwrap();
    let mut opts = CentralityOptions {
        normalized: false,
        ..Default::default()
    };
    let flow = centrality::od_betweenness(&net, &d, &opts, &Default::default()).unwrap();
    opts.od_convention = OdConvention::NetworkxSubset;
    let nx = centrality::od_betweenness(&net, &d, &opts, &Default::default()).unwrap();
    assert_eq!((flow.hubs[1], nx.hubs[1]), (1.0, 0.5));
    // normalised demand flow is the share of the total demand
    opts.od_convention = OdConvention::Demand;
    opts.normalized = true;
    let share = centrality::od_betweenness(&net, &d, &opts, &Default::default()).unwrap();
    assert_eq!(share.hubs[1], 1.0);
}
