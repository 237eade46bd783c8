// corridors map.html: builds the map from the JSON embedded in #corridors-data.
// Nothing here classifies or colours: every feature carries its simplestyle properties
// (stroke, stroke-width, marker-color, ...) written by the corridors map module.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("corridors-data").textContent);
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
  var renderer = D.canvas ? L.canvas({ padding: 0.1, tolerance: 5 }) : L.svg({ padding: 0.5 });
  var map = L.map(mapEl, { renderer: renderer, preferCanvas: D.canvas, zoomSnap: 0.25 });
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
      var shown = p.suppressed === true ? "suppressed (count below k)" : fmt(v);
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
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.corridorsRenderedMs = performance.now(); });
  });
})();
