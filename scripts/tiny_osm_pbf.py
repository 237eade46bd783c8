#!/usr/bin/env python3
"""Writes a tiny valid OSM PBF (4 nodes, 2 highway ways, uncompressed blobs) by hand-encoding
the protobuf messages, as a SYNTHETIC seed for the `osm_pbf` fuzz target:
    python3 scripts/tiny_osm_pbf.py fuzz/seeds/osm_pbf/tiny.osm.pbf
"""
import struct
import sys


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(v):
    return (v << 1) ^ (v >> 63)


def field(num, wire, payload):
    key = varint((num << 3) | wire)
    if wire == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload


def packed(num, values, signed=False):
    body = b"".join(varint(zigzag(v) if signed else v) for v in values)
    return field(num, 2, body)


def delta(values):
    prev, out = 0, []
    for v in values:
        out.append(v - prev)
        prev = v
    return out


def blob(kind, data):
    b = field(1, 2, data) + field(2, 0, len(data))
    header = field(1, 2, kind.encode()) + field(3, 0, len(b))
    return struct.pack(">I", len(header)) + header + b


header_block = field(4, 2, b"OsmSchema-V0.6") + field(4, 2, b"DenseNodes")
strings = [b"", b"highway", b"primary", b"oneway", b"yes", b"name", b"Synthetic"]
stringtable = b"".join(field(1, 2, s) for s in strings)
ids = [1, 2, 3, 4]
# granularity 100 nanodegrees: degrees * 1e7
lats = [int(x * 1e7) for x in (14.90, 14.95, 15.00, 14.95)]
lons = [int(x * 1e7) for x in (-92.30, -92.25, -92.20, -92.15)]
dense = packed(1, delta(ids), True) + packed(8, delta(lats), True) + packed(9, delta(lons), True)
nodes_group = field(2, 2, dense)
way1 = field(1, 0, 10) + packed(2, [1, 5]) + packed(3, [2, 6]) + packed(8, delta([1, 2, 3]), True)
way2 = field(1, 0, 11) + packed(2, [1, 3]) + packed(3, [2, 4]) + packed(8, delta([3, 4]), True)
ways_group = field(3, 2, way1) + field(3, 2, way2)
primitive = field(1, 2, stringtable) + field(2, 2, nodes_group) + field(2, 2, ways_group)

with open(sys.argv[1], "wb") as f:
    f.write(blob("OSMHeader", header_block) + blob("OSMData", primitive))
