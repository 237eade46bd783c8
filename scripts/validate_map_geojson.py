"""Checks map layers with the PyPI package geojson-validator (not run by CI; the Rust test
tests/api/map.rs has its own RFC 7946 validator).

    cargo run --features cli -- map --network data/mexico/hubs.geojson \
        --network data/mexico/segments.geojson --measure degree --measure length --out-dir out/
    python3 scripts/validate_map_geojson.py out/*.geojson
"""
import json
import sys

import geojson_validator as gv

bad = 0
for path in sys.argv[1:]:
    with open(path) as f:
        data = json.load(f)
    structure = gv.validate_structure(data)
    geometries = gv.validate_geometries(data)
    ok = not structure and not geometries["invalid"] and not geometries["problematic"]
    bad += not ok
    print(f"{'ok ' if ok else 'BAD'} {path}: {geometries['count_geometry_types']} {structure or ''} "
          f"{geometries['invalid'] or ''} {geometries['problematic'] or ''}")
sys.exit(1 if bad else 0)
