"""Reference class breaks for tests/api/map.rs (not run by CI).

Jenks natural breaks from jenkspy, quantile bins from mapclassify.Quantiles (numpy linear
percentiles). Datasets are seeded so that the fixture is reproducible:

    python3 scripts/gen_classify_fixture.py > tests/fixtures/classify_reference.json
"""
import json
import random

import jenkspy
import mapclassify
import numpy as np

rng = random.Random(20261127)
cases = []
for n, k in [(12, 3), (40, 4), (97, 5), (250, 5), (600, 7), (1000, 6)]:
    # skewed, centrality-like values: mostly small, a few large
    values = [round(rng.lognormvariate(3.0, 1.2), 6) for _ in range(n)]
    jenks = [float(b) for b in jenkspy.jenks_breaks(values, n_classes=k)]
    q = mapclassify.Quantiles(np.array(values), k=k)
    quant = [float(min(values))] + [float(b) for b in q.bins]
    cases.append({"values": values, "k": k, "jenks": jenks, "quantiles": quant})
print(json.dumps({"generator": "jenkspy %s, mapclassify %s" % (jenkspy.__version__, mapclassify.__version__), "cases": cases}))
