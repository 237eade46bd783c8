// corridors map.html: builds the map from the JSON embedded in #corridors-data.
// Nothing here classifies or colours: every feature carries its simplestyle properties
// (stroke, stroke-width, marker-color, ...) written by the corridors map module.
(function () {
  "use strict";
  // when the script starts (the document's HTML, 48 MB on the largest benchmark, is read by then)
  window.corridorsScriptStartMs = performance.now();
  var D = JSON.parse(document.getElementById("corridors-data").textContent);
  window.corridorsParsedMs = performance.now();
  // keys that only style a feature; every other property is published and shown on click
  var STYLE = ["stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "marker-color",
    "marker-size", "marker-symbol", "radius_px", "fill", "fill-opacity", "title", "description"];
  var MARKER_RADIUS = { small: 4, medium: 6, large: 9 };
  var esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };
  var fmt = function (v) {
    if (v === null || v === undefined) return "n/a";
    if (typeof v === "number") {
      return Number.isInteger(v) ? v.toLocaleString("en-US")
        : v.toLocaleString("en-US", { maximumSignificantDigits: 4 });
    }
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  };
  var label = function (ly, p) {
    var t = p.title || p.name || p.id;
    if (t === undefined || t === null) t = p.rank !== undefined ? ly.title + " #" + p.rank : ly.title;
    return String(t);
  };

  var mapEl = document.getElementById("map");
  // small pages: one SVG element per feature (a test can find each by its data-id); large
  // pages (D.canvas): the batched canvas below
  var map = L.map(mapEl, { renderer: L.svg({ padding: 0.5 }), preferCanvas: D.canvas, zoomSnap: 0.25 });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Data: " + esc(D.attribution));

  var overlays = {};
  var bounds = L.latLngBounds([]);
  if (D.base) {
    mapEl.classList.add("with-base");
    map.createPane("base");
    map.getPane("base").style.zIndex = 350;
    var base = L.geoJSON(D.base, {
      pane: "base", interactive: false, renderer: D.canvas ? L.canvas({ pane: "base" }) : L.svg({ pane: "base" }),
      style: { color: "#a9a196", weight: 0.8, fillColor: "#efebe3", fillOpacity: 1 }
    }).addTo(map);
    overlays["Country outlines (Natural Earth)"] = base;
  }

  var tooltip = function (ly, p) {
    var t = "<b>" + esc(label(ly, p)) + "</b>";
    var vp = ly.value_property;
    if (vp) {
      var v = p[vp];
      var shown = p.suppressed === true ? "suppressed (small count or to protect one)" : fmt(v);
      t += "<br>" + esc(vp.replace(/_/g, " ")) + ": " + esc(shown);
    }
    return t;
  };
  var popup = function (ly, p) {
    var rows = Object.keys(p).filter(function (k) { return STYLE.indexOf(k) < 0; }).map(function (k) {
      return "<tr><th>" + esc(k) + "</th><td>" + esc(fmt(p[k])) + "</td></tr>";
    });
    return "<div class=\"corridors-popup\"><h4>" + esc(label(ly, p)) + "</h4><table>" + rows.join("") + "</table></div>";
  };

  var svgLayers = function () {
  // markers above every line (as in the SVG picture): their own pane and SVG element
  map.createPane("points");
  map.getPane("points").style.zIndex = 450;
  var pointRenderer = L.svg({ pane: "points", padding: 0.5 });
  D.layers.forEach(function (ly, n) {
    var g = L.geoJSON(ly.data, {
      style: function (f) {
        var p = f.properties || {};
        return {
          color: p.stroke || "#555555", weight: p["stroke-width"] || 2,
          opacity: p["stroke-opacity"] === undefined ? 0.9 : p["stroke-opacity"],
          dashArray: p["stroke-dasharray"] || null, lineCap: "round", lineJoin: "round"
        };
      },
      pointToLayer: function (f, ll) {
        var p = f.properties || {};
        return L.circleMarker(ll, {
          pane: "points", renderer: pointRenderer,
          radius: p.radius_px || MARKER_RADIUS[p["marker-size"]] || 4,
          fillColor: p["marker-color"] || "#555555", fillOpacity: 0.95, color: "#2b2b2b", weight: 0.9
        });
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {};
        l.bindTooltip(function () { return tooltip(ly, p); }, { sticky: true });
        l.bindPopup(function () { return popup(ly, p); }, { maxWidth: 420 });
        if (!D.canvas) {
          l.on("add", function () {
            var el = l.getElement();
            if (!el) return;
            el.setAttribute("data-layer", String(n));
            el.setAttribute("data-kind", f.geometry && f.geometry.type === "Point" ? "point" : "line");
            if (p.id !== undefined && p.id !== null) el.setAttribute("data-id", String(p.id));
          });
        }
      }
    });
    var b = g.getBounds();
    if (b.isValid()) bounds.extend(b);
    if (ly.visible) g.addTo(map);
    overlays[esc(ly.title)] = g;
    ly.group = g;
  });
  };

  // ---- Large networks (D.canvas): one shared canvas for every overlay ----
  // Leaflet's own canvas renderer keeps one object per feature and, on every pan, clips,
  // styles and strokes each one separately (about a second for 50,000 segments). Here each
  // layer keeps its vertices in flat arrays, projected once (Web Mercator at zoom 0, as
  // Leaflet's EPSG:3857), and draws its features in one path per style (one stroke or fill
  // call per legend class); hover and click find the feature through a grid index.
  var project = function (lon, lat) {
    var y = Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI / 180;
    return [256 * (0.5 + lon / 360), 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + y / 2)) / (2 * Math.PI))];
  };
  var TOL_PX = 5;
  var CHUNK = window.CHUNK || 512;

  // one disc per marker style, drawn once at the device's pixel ratio
  var sprites = {};
  var sprite = function (st) {
    var key = st.fill + "/" + st.r;
    if (sprites[key]) return sprites[key];
    var dpr = window.devicePixelRatio || 1, size = Math.ceil(2 * st.r + 2);
    var c = document.createElement("canvas");
    c.width = c.height = size * dpr;
    var x = c.getContext("2d");
    x.scale(dpr, dpr);
    x.beginPath();
    x.arc(size / 2, size / 2, st.r, 0, 2 * Math.PI);
    x.globalAlpha = 0.95;
    x.fillStyle = st.fill;
    x.fill();
    x.globalAlpha = 1;
    x.strokeStyle = "#2b2b2b";
    x.lineWidth = 0.9;
    x.stroke();
    c.cssSize = size;
    sprites[key] = c;
    return c;
  };

  var FastGroup = L.Layer.extend({
    initialize: function (ly, n, renderer) {
      this.ly = ly;
      this.n = n;
      this.renderer = renderer;
      var xy = []; // zoom-0 pixel coordinates, two numbers per vertex
      var ring = [0]; // vertex offset of each part (line, ring or point), plus the end
      var featPart = [0]; // part offset of each feature, plus the end
      var kind = []; // 0 line, 1 point, 2 polygon
      var bbox = []; // x0, y0, x1, y1 per feature
      var polyStart = []; // for polygons: part offsets where a new polygon starts
      var batches = [];
      var byKey = {};
      var lo = [Infinity, Infinity, -Infinity, -Infinity]; // lon, lat box
      var addPart = function (coords) {
        for (var i = 0; i < coords.length; i++) {
          var x = coords[i][0], y = coords[i][1];
          var p = project(x, y);
          xy.push(p[0], p[1]);
          if (x < lo[0]) lo[0] = x;
          if (y < lo[1]) lo[1] = y;
          if (x > lo[2]) lo[2] = x;
          if (y > lo[3]) lo[3] = y;
        }
        ring.push(xy.length / 2);
      };
      var self = this;
      ly.data.features.forEach(function (f, i) {
        var g = f.geometry;
        var p = f.properties || {};
        var k = 0;
        var parts = featPart[featPart.length - 1];
        var add = function (g) {
          if (!g) return;
          var c = g.coordinates;
          switch (g.type) {
            case "Point": k = 1; addPart([c]); break;
            case "MultiPoint": k = 1; c.forEach(function (q) { addPart([q]); }); break;
            case "LineString": addPart(c); break;
            case "MultiLineString": c.forEach(addPart); break;
            case "Polygon": k = 2; polyStart.push(ring.length - 1); c.forEach(addPart); break;
            case "MultiPolygon": k = 2; c.forEach(function (pg) { polyStart.push(ring.length - 1); pg.forEach(addPart); }); break;
            case "GeometryCollection": g.geometries.forEach(add); break;
          }
        };
        add(g);
        featPart.push(ring.length - 1);
        kind.push(k);
        var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (var v = ring[parts]; v < ring[ring.length - 1]; v++) {
          x0 = Math.min(x0, xy[2 * v]); x1 = Math.max(x1, xy[2 * v]);
          y0 = Math.min(y0, xy[2 * v + 1]); y1 = Math.max(y1, xy[2 * v + 1]);
        }
        bbox.push(x0, y0, x1, y1);
        var st = k === 1
          ? { r: p.radius_px || MARKER_RADIUS[p["marker-size"]] || 4, fill: p["marker-color"] || "#555555" }
          : {
            color: p.stroke || "#555555", width: p["stroke-width"] || (k === 2 ? 1 : 2),
            opacity: p["stroke-opacity"] === undefined ? 0.9 : p["stroke-opacity"],
            dash: p["stroke-dasharray"] || null,
            fill: k === 2 ? (p.fill || p.stroke || "#555555") : null,
            fillOpacity: p["fill-opacity"] === undefined ? 0.35 : p["fill-opacity"]
          };
        var key = k === 1 ? "1|" + st.r + "|" + st.fill
          : k + "|" + st.color + "|" + st.width + "|" + st.opacity + "|" + st.dash + "|" + st.fill + "|" + st.fillOpacity;
        var b = byKey[key];
        if (!b) {
          b = byKey[key] = { kind: k, style: st, idx: [] };
          batches.push(b);
        }
        b.idx.push(i);
      });
      this.xy = Float64Array.from(xy);
      this.ring = Int32Array.from(ring);
      this.featPart = Int32Array.from(featPart);
      this.kind = Int8Array.from(kind);
      this.bbox = Float64Array.from(bbox);
      this.isPolyStart = {};
      polyStart.forEach(function (q) { self.isPolyStart[q] = true; });
      this.batches = batches;
      this.latLngBounds = lo[0] <= lo[2] ? L.latLngBounds([lo[1], lo[0]], [lo[3], lo[2]]) : L.latLngBounds([]);
      var ext = [Infinity, Infinity, -Infinity, -Infinity];
      for (var e = 0; e < bbox.length; e += 4) {
        if (!(bbox[e] <= bbox[e + 2])) continue;
        ext = [Math.min(ext[0], bbox[e]), Math.min(ext[1], bbox[e + 1]), Math.max(ext[2], bbox[e + 2]), Math.max(ext[3], bbox[e + 3])];
      }
      this.extent = ext[0] <= ext[2] ? ext : null;
      this.maxR = 0;
      batches.forEach(function (b) { if (b.kind === 1) self.maxR = Math.max(self.maxR, b.style.r); });
      this.grid = null;
    },
    getBounds: function () { return this.latLngBounds; },
    onAdd: function () { this.renderer.addGroup(this); },
    onRemove: function () { this.renderer.removeGroup(this); },
    // draws the features whose box meets the view (zoom-0 box v); returns how many
    draw: function (ctx, s, ox, oy, v) {
      var xy = this.xy, ring = this.ring, fp = this.featPart, bb = this.bbox, self = this;
      var drawn = 0;
      this.batches.forEach(function (b) {
        var st = b.style;
        var pad = b.kind === 1 ? (st.r + 1) / s : 0;
        if (b.kind === 1) {
          // a marker is a copy of one pre-drawn disc (a blit instead of a path per marker)
          var sp = sprite(st), sz = sp.cssSize, h = sz / 2;
          for (var j0 = 0; j0 < b.idx.length; j0++) {
            var i0 = b.idx[j0];
            if (bb[4 * i0] - pad > v[2] || bb[4 * i0 + 2] + pad < v[0] || bb[4 * i0 + 1] - pad > v[3] || bb[4 * i0 + 3] + pad < v[1]) continue;
            drawn++;
            for (var q0 = fp[i0]; q0 < fp[i0 + 1]; q0++) {
              var a0 = ring[q0];
              ctx.drawImage(sp, Math.round(xy[2 * a0] * s - ox - h), Math.round(xy[2 * a0 + 1] * s - oy - h), sz, sz);
            }
          }
          return;
        }
        var flush = function () {
          if (b.kind === 2) {
            ctx.globalAlpha = st.fillOpacity;
            ctx.fillStyle = st.fill;
            ctx.fill("evenodd");
          }
          ctx.globalAlpha = st.opacity;
          ctx.strokeStyle = st.color;
          ctx.lineWidth = st.width;
          ctx.lineCap = "butt";
          ctx.lineJoin = "bevel";
          ctx.setLineDash(st.dash ? String(st.dash).split(/[ ,]+/).map(Number) : []);
          ctx.stroke();
          ctx.globalAlpha = 1;
        };
        ctx.beginPath();
        var any = false, inPath = 0;
        for (var j = 0; j < b.idx.length; j++) {
          var i = b.idx[j];
          if (bb[4 * i] - pad > v[2] || bb[4 * i + 2] + pad < v[0] || bb[4 * i + 1] - pad > v[3] || bb[4 * i + 3] + pad < v[1]) continue;
          any = true;
          drawn++;
          if (++inPath > CHUNK) { flush(); ctx.beginPath(); inPath = 1; }
          for (var q = fp[i]; q < fp[i + 1]; q++) {
            var a = ring[q], e = ring[q + 1];
            ctx.moveTo(xy[2 * a] * s - ox, xy[2 * a + 1] * s - oy);
            for (var w = a + 1; w < e; w++) ctx.lineTo(xy[2 * w] * s - ox, xy[2 * w + 1] * s - oy);
            if (b.kind === 2) ctx.closePath();
          }
        }
        if (any && inPath) flush();
      });
      self.drawn = drawn;
      return drawn;
    },
    // grid of feature indices over the layer's box, built on the first hover
    _index: function () {
      var n = this.kind.length, bb = this.bbox, xy = this.xy, ring = this.ring, fp = this.featPart;
      var X0 = Infinity, Y0 = Infinity, X1 = -Infinity, Y1 = -Infinity;
      for (var i = 0; i < n; i++) {
        if (!(bb[4 * i] <= bb[4 * i + 2])) continue;
        X0 = Math.min(X0, bb[4 * i]); Y0 = Math.min(Y0, bb[4 * i + 1]);
        X1 = Math.max(X1, bb[4 * i + 2]); Y1 = Math.max(Y1, bb[4 * i + 3]);
      }
      var G = Math.max(1, Math.min(512, Math.ceil(Math.sqrt(n))));
      var cw = Math.max((X1 - X0) / G, (Y1 - Y0) / G, 1e-9);
      var gx = Math.max(1, Math.ceil((X1 - X0) / cw) + 1), gy = Math.max(1, Math.ceil((Y1 - Y0) / cw) + 1);
      var cells = new Array(gx * gy);
      var put = function (i, ax, ay, bx, by) {
        var c0 = Math.floor((Math.min(ax, bx) - X0) / cw), c1 = Math.floor((Math.max(ax, bx) - X0) / cw);
        var r0 = Math.floor((Math.min(ay, by) - Y0) / cw), r1 = Math.floor((Math.max(ay, by) - Y0) / cw);
        for (var r = r0; r <= r1; r++) {
          for (var c = c0; c <= c1; c++) {
            var k = r * gx + c;
            var cell = cells[k] || (cells[k] = []);
            if (cell[cell.length - 1] !== i) cell.push(i);
          }
        }
      };
      for (i = 0; i < n; i++) {
        for (var q = fp[i]; q < fp[i + 1]; q++) {
          var a = ring[q], e = ring[q + 1];
          if (this.kind[i] === 2) { put(i, bb[4 * i], bb[4 * i + 1], bb[4 * i + 2], bb[4 * i + 3]); break; }
          if (e - a === 1) put(i, xy[2 * a], xy[2 * a + 1], xy[2 * a], xy[2 * a + 1]);
          for (var w = a + 1; w < e; w++) put(i, xy[2 * w - 2], xy[2 * w - 1], xy[2 * w], xy[2 * w + 1]);
        }
      }
      this.grid = { X0: X0, Y0: Y0, cw: cw, gx: gx, gy: gy, cells: cells };
    },
    // the feature nearest to (x, y) (zoom-0 pixels) within TOL_PX screen pixels, or -1
    hit: function (x, y, s) {
      if (!this.grid) this._index();
      var g = this.grid, xy = this.xy, ring = this.ring, fp = this.featPart;
      var t = (TOL_PX + this.maxR) / s;
      var c0 = Math.max(0, Math.floor((x - t - g.X0) / g.cw)), c1 = Math.min(g.gx - 1, Math.floor((x + t - g.X0) / g.cw));
      var r0 = Math.max(0, Math.floor((y - t - g.Y0) / g.cw)), r1 = Math.min(g.gy - 1, Math.floor((y + t - g.Y0) / g.cw));
      var best = -1, bestD = TOL_PX;
      var seen = {};
      for (var r = r0; r <= r1; r++) {
        for (var c = c0; c <= c1; c++) {
          var cell = g.cells[r * g.gx + c];
          if (!cell) continue;
          for (var j = 0; j < cell.length; j++) {
            var i = cell[j];
            if (seen[i]) continue;
            seen[i] = true;
            var d = this._dist(i, x, y, s);
            if (d <= bestD) { bestD = d; best = i; }
          }
        }
      }
      return best;
    },
    // distance in screen pixels from (x, y) to feature i (0 inside a polygon or a marker)
    _dist: function (i, x, y, s) {
      var xy = this.xy, ring = this.ring, fp = this.featPart, k = this.kind[i];
      var best = Infinity, inside = false;
      for (var q = fp[i]; q < fp[i + 1]; q++) {
        var a = ring[q], e = ring[q + 1];
        if (k === 1) {
          var r = this.batchOf(i).style.r;
          best = Math.min(best, Math.max(0, Math.hypot(xy[2 * a] - x, xy[2 * a + 1] - y) * s - r));
          continue;
        }
        var last = k === 2 ? e : e - 1;
        for (var w = a; w < last; w++) {
          var u = w + 1 < e ? w + 1 : a;
          var ax = xy[2 * w], ay = xy[2 * w + 1], bx = xy[2 * u], by = xy[2 * u + 1];
          var dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
          var tt = l2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
          best = Math.min(best, Math.hypot(ax + tt * dx - x, ay + tt * dy - y) * s);
          if (k === 2 && ((ay > y) !== (by > y)) && x < ax + (y - ay) * dx / dy) inside = !inside;
        }
      }
      return inside ? 0 : best;
    },
    batchOf: function (i) {
      if (!this._batchOf) {
        var m = this._batchOf = [];
        this.batches.forEach(function (b) { b.idx.forEach(function (j) { m[j] = b; }); });
      }
      return this._batchOf[i];
    }
  });

  var FastRenderer = L.Canvas.extend({
    initialize: function (options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._groups = [];
      this._tip = L.tooltip({ direction: "top", offset: [0, -8], opacity: 0.95 });
      this._moveRequest = null;
    },
    addGroup: function (g) {
      this._groups.push(g);
      // lines and areas first, markers on top (as in the SVG picture), each in layer order
      var rank = function (x) { return (x.batches.length && x.batches[0].kind === 1 ? 1e6 : 0) + x.n; };
      this._groups.sort(function (a, b) { return rank(a) - rank(b); });
      // a layer shown later may reach beyond the canvas: place the canvas anew
      this._stale = true;
      if (this._map) this._update(); else this._redrawSoon();
    },
    removeGroup: function (g) {
      this._groups = this._groups.filter(function (x) { return x !== g; });
      if (this._map) this._map.closeTooltip(this._tip);
      this._redrawSoon();
    },
    _redrawSoon: function () {
      if (this._map && !this._redrawRequest) this._redrawRequest = L.Util.requestAnimFrame(this._redraw, this);
    },
    // The canvas covers the view padded by half its size on every side, widened to the whole
    // data of the shown layers when that is at most 3 view widths and heights (24 million
    // device pixels): after a pan at
    // the same zoom nothing is redrawn while the canvas still covers the view (it moved with
    // the map during the pan), so at the overview zoom panning never redraws.
    _update: function () {
      var map = this._map;
      if (map._animatingZoom && this._bounds) return;
      var size = map.getSize(), o = map.containerPointToLayerPoint([0, 0]);
      var view = L.bounds(o, o.add(size));
      if (this._bounds && !this._stale && map.getZoom() === this._zoom && this._origin &&
        map.getPixelOrigin().equals(this._origin)) {
        // what must be on the canvas: the part of the view that has data
        var dv = this._dataBounds();
        var need = dv && dv.intersects(view)
          ? L.bounds([Math.max(dv.min.x, view.min.x), Math.max(dv.min.y, view.min.y)],
            [Math.min(dv.max.x, view.max.x), Math.min(dv.max.y, view.max.y)])
          : null;
        if (!need || this._bounds.contains(need)) return;
      }
      this._stale = false;
      L.Renderer.prototype._update.call(this);
      var origin = map.getPixelOrigin(), b = this._bounds;
      var d = this._dataBounds();
      if (d) {
        var u = L.bounds(b.min, b.max).extend(d.min).extend(d.max);
        var us = u.getSize();
        var dpr = L.Browser.retina ? 2 : 1;
        // (and at most 24 million device pixels: about 100 MB of canvas memory)
        if (us.x <= 3 * size.x && us.y <= 3 * size.y && us.x * us.y * dpr * dpr <= 24e6) {
          b = this._bounds = L.bounds(u.min.floor(), u.max.ceil());
        }
      }
      var c = this._container, bs = b.getSize(), m = L.Browser.retina ? 2 : 1;
      L.DomUtil.setPosition(c, b.min);
      c.width = m * bs.x;
      c.height = m * bs.y;
      c.style.width = bs.x + "px";
      c.style.height = bs.y + "px";
      if (L.Browser.retina) this._ctx.scale(2, 2);
      this._ctx.translate(-b.min.x, -b.min.y);
      this._origin = origin;
      this.redraws = (this.redraws || 0) + 1;
      this.fire("update");
    },
    // the shown layers' data (markers included) in layer points at the current zoom
    _dataBounds: function () {
      var map = this._map, origin = map.getPixelOrigin(), s = map.getZoomScale(map.getZoom(), 0), d = null;
      this._groups.forEach(function (g) {
        if (!g.extent) return;
        var pad = g.maxR + 2;
        var gb = L.bounds([g.extent[0] * s - origin.x - pad, g.extent[1] * s - origin.y - pad],
          [g.extent[2] * s - origin.x + pad, g.extent[3] * s - origin.y + pad]);
        d = d ? d.extend(gb.min).extend(gb.max) : gb;
      });
      return d;
    },
    // zoom animation: scale the canvas about its own top-left corner (Leaflet's version
    // assumes the canvas is centred on the view)
    _updateTransform: function (center, zoom) {
      if (!this._bounds || !this._origin) return;
      var scale = this._map.getZoomScale(zoom, this._zoom);
      var tl = this._bounds.min.add(this._origin).multiplyBy(scale).subtract(this._map._getNewPixelOrigin(center, zoom));
      L.DomUtil.setTransform(this._container, tl, scale);
    },
    _updatePaths: function () {
      if (this._postponeUpdatePaths) return;
      this._redrawBounds = null;
      this._redraw();
    },
    _draw: function () {
      var map = this._map;
      if (!map || !this._bounds) return;
      var s = map.getZoomScale(map.getZoom(), 0), o = map.getPixelOrigin(), b = this._bounds;
      var v = [(b.min.x + o.x) / s, (b.min.y + o.y) / s, (b.max.x + o.x) / s, (b.max.y + o.y) / s];
      var ctx = this._ctx, drawn = {};
      ctx.save();
      this._groups.forEach(function (g) { drawn[g.ly.title] = g.draw(ctx, s, o.x, o.y, v); });
      ctx.restore();
      window.corridorsDrawn = drawn;
    },
    // the topmost visible feature under the mouse: [group, index] or null
    _find: function (e) {
      var map = this._map;
      var lp = map.mouseEventToLayerPoint(e), o = map.getPixelOrigin(), s = map.getZoomScale(map.getZoom(), 0);
      var x = (lp.x + o.x) / s, y = (lp.y + o.y) / s;
      for (var n = this._groups.length - 1; n >= 0; n--) {
        var i = this._groups[n].hit(x, y, s);
        if (i >= 0) return [this._groups[n], i];
      }
      return null;
    },
    _onMouseMove: function (e) {
      var map = this._map;
      if (!map || map.dragging.moving() || map._animatingZoom) return;
      var self = this;
      this._lastMove = e;
      if (this._moveRequest) return;
      this._moveRequest = L.Util.requestAnimFrame(function () {
        self._moveRequest = null;
        var ev = self._lastMove, hit = self._find(ev);
        self._container.style.cursor = hit ? "pointer" : "";
        if (!hit) { map.closeTooltip(self._tip); return; }
        var ly = hit[0].ly, p = ly.data.features[hit[1]].properties || {};
        self._tip.setLatLng(map.mouseEventToLatLng(ev)).setContent(tooltip(ly, p));
        if (!map.hasLayer(self._tip)) map.openTooltip(self._tip);
      });
    },
    _handleMouseOut: function () {
      if (this._map) this._map.closeTooltip(this._tip);
      this._container.style.cursor = "";
    },
    _onClick: function (e) {
      var map = this._map;
      if (!map || e.type !== "click") return;
      var hit = this._find(e);
      if (!hit) return;
      L.DomEvent.stopPropagation(e); // the map would close the popup on this click
      var ly = hit[0].ly, p = ly.data.features[hit[1]].properties || {};
      L.popup({ maxWidth: 420 }).setLatLng(map.mouseEventToLatLng(e)).setContent(popup(ly, p)).openOn(map);
    }
  });

  var fastLayers = function () {
    var r = new FastRenderer({ padding: 0.5 }).addTo(map);
    window.corridorsRenderer = r;
    D.layers.forEach(function (ly, n) {
      var g = new FastGroup(ly, n, r);
      var b = g.getBounds();
      if (b.isValid()) bounds.extend(b);
      if (ly.visible) g.addTo(map);
      overlays[esc(ly.title)] = g;
      ly.group = g;
    });
  };
  if (D.canvas) fastLayers(); else svgLayers();
  window.corridorsBuiltMs = performance.now();

  L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
  L.control.scale({ metric: true, imperial: false, maxWidth: 160, position: "bottomleft" }).addTo(map);

  var Privacy = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: function () {
      var d = L.DomUtil.create("div", "corridors-privacy");
      d.id = "privacy-note";
      d.textContent = D.privacy_note;
      return d;
    }
  });
  new Privacy().addTo(map);

  var symbol = function (s) {
    if (s.type === "line") {
      return "<svg width=\"30\" height=\"14\"><line x1=\"2\" y1=\"7\" x2=\"28\" y2=\"7\" stroke=\"" + esc(s.colour) +
        "\" stroke-width=\"" + Math.min(s.width_px, 12) + "\"" + (s.dasharray ? " stroke-dasharray=\"" + esc(s.dasharray) + "\"" : "") + "/></svg>";
    }
    var r = Math.min(s.radius_px, 12);
    return "<svg width=\"30\" height=\"" + (2 * r + 4) + "\"><circle cx=\"15\" cy=\"" + (r + 2) + "\" r=\"" + r +
      "\" fill=\"" + esc(s.colour) + "\" stroke=\"#2b2b2b\" stroke-width=\"0.9\"/></svg>";
  };
  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      this._div = L.DomUtil.create("div", "corridors-legend");
      this._div.id = "legend";
      L.DomEvent.disableScrollPropagation(this._div);
      this.update();
      return this._div;
    },
    update: function () {
      var html = "";
      D.layers.forEach(function (ly) {
        if (!map.hasLayer(ly.group) || (!ly.legend.length && !ly.note)) return;
        html += "<h3>" + esc(ly.title) + "</h3>";
        ly.legend.forEach(function (r) {
          html += "<div class=\"row\">" + symbol(r.symbol) + "<span>" + esc(r.label) + "</span></div>";
        });
        if (ly.note) html += "<div class=\"note\">" + esc(ly.note) + "</div>";
      });
      this._div.innerHTML = html || "<i>no layer shown</i>";
    }
  });
  var legend = new Legend().addTo(map);
  map.on("overlayadd overlayremove", function () { legend.update(); });

  if (bounds.isValid()) {
    // a single point (or a very small network) still shows its surroundings
    // keep the data clear of the layer control and legend in the right-hand column
    var right = 0;
    document.querySelectorAll(".leaflet-right .leaflet-control").forEach(function (c) {
      right = Math.max(right, c.offsetWidth);
    });
    if (right > mapEl.clientWidth / 2) right = 0;
    map.fitBounds(bounds, { maxZoom: 18, paddingTopLeft: [48, 16], paddingBottomRight: [right + 16, 16] });
  } else {
    map.setView([0, 0], 2);
  }
  window.corridorsMap = map;
  // time from navigation start to the first frame drawn with every layer (read by tests)
  window.corridorsCanvas = !!D.canvas;
  window.corridorsData = D; // for tests: the layers with their Leaflet groups
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.corridorsRenderedMs = performance.now(); });
  });
})();
