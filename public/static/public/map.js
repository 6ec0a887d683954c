/* Public map: country outlines from a vendored GeoJSON (works offline),
   partner markers from the page's own JSON, coloured by status or by the
   administration at signing, with a legend. Called by django-leaflet. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  // A colour may name a custom property of status.css, var(--status-…):
  // SVG fill attributes need the colour itself.
  function resolve(colour) {
    var name = /^var\((--[\w-]+)\)$/.exec(colour);
    return name ? getComputedStyle(document.documentElement).getPropertyValue(name[1]).trim() : colour;
  }

  function colours(legend) {
    var table = {};
    legend.forEach(function (item) { table[item.key] = resolve(item.colour); });
    return table;
  }

  function link(pattern, id) {
    return pattern.replace("/0/", "/" + id + "/");
  }

  // A marker is [partner id, name, lat, lon, status, administration,
  // [[agreement id, title, status, signing date], ...]] (see views._markers).
  function popup(marker, data, statusLabels) {
    if (!marker[6].length) {
      return '<div dir="' + (document.documentElement.dir || "ltr") + '" class="map-popup"><strong><a href="' +
        escapeHtml(link(data.urls.partner, marker[0])) + '">' + escapeHtml(marker[1]) + "</a></strong></div>";
    }
    var items = marker[6].map(function (a) {
      return '<li><a href="' + escapeHtml(link(data.urls.agreement, a[0])) + '">' + escapeHtml(a[1]) +
        "</a><br>" + escapeHtml(a[3] || "") + " · " + escapeHtml(statusLabels[a[2]] || a[2]) + "</li>";
    }).join("");
    var dir = document.documentElement.dir || "ltr";
    return '<div dir="' + dir + '" class="map-popup"><strong><a href="' +
      escapeHtml(link(data.urls.partner, marker[0])) + '">' + escapeHtml(marker[1]) +
      "</a></strong><ul>" + items + "</ul></div>";
  }

  var FIELDS = {status: 4, administration: 5};

  // Tehran's marker keeps its colour whatever the markers are coloured by,
  // so it heads both legends.
  function drawLegend(legend, present, homeLabel) {
    var box = document.querySelector("#map-legend ul");
    if (!box) return;
    box.innerHTML = '<li class="legend-home"><span class="swatch swatch-home"></span>' + escapeHtml(homeLabel) +
      "</li>" + legend.filter(function (item) { return present[item.key]; }).map(function (item) {
        return '<li><span class="swatch" style="background:' + item.colour + '"></span>' +
          escapeHtml(item.label) + "</li>";
      }).join("");
  }

  // The home page's small map: a circle per country, its area the number of
  // partnerships in force there; [code, name, lat, lon, count].
  function drawCountries(map, data) {
    var layer = L.featureGroup().addTo(map);
    data.countries.forEach(function (country) {
      var label = escapeHtml(country[1]) + ": " + country[4].toLocaleString(document.documentElement.lang);
      L.circleMarker([country[2], country[3]], {
        radius: 5 + 3 * Math.sqrt(country[4]), weight: 1, color: "#1f2328", fillColor: resolve(data.colour),
        fillOpacity: 0.8, className: "country-marker"
      }).bindTooltip(label + " " + escapeHtml(data.labels.agreements))
        .bindPopup('<a href="' + escapeHtml(data.list + country[0]) + '">' + label + " " +
                   escapeHtml(data.labels.agreements) + "</a>")
        .addTo(layer);
    });
    if (data.countries.length) {
      map.fitBounds(layer.getBounds().extend([data.home.lat, data.home.lon]), {padding: [20, 20], maxZoom: 4, animate: false});
    }
  }

  // Leaflet's scale bar writes "3000 km" whatever the page's language:
  // rewrite it in the page's digits and words once Leaflet has drawn it.
  function localiseScale(map, labels) {
    var lang = document.documentElement.lang || "en";
    function redo() {
      map.getContainer().querySelectorAll(".leaflet-control-scale-line").forEach(function (line) {
        var found = /^(\d+) (km|m)$/.exec(line.textContent);
        if (!found) return;
        line.textContent = Number(found[1]).toLocaleString(lang) + " " + (labels[found[2]] || found[2]);
        line.dir = document.documentElement.dir || "ltr";  // the map frame itself is always ltr
      });
    }
    map.on("moveend zoomend", redo);
    window.setTimeout(redo, 0);
  }

  window.registryMap = function (map, options) {
    var frame = map.getContainer().closest("[data-map-data]");
    var data = JSON.parse(document.getElementById(frame.dataset.mapData).textContent);
    localiseScale(map, data.labels);
    // With online tiles configured (MAP_TILES_URL) the outline only draws
    // borders over them; without, it is the whole basemap.
    var tiles = options && options.djoptions && (options.djoptions.layers || []).length;
    var outlineStyle = tiles
      ? {color: "#5b6b7c", weight: 0.6, fillOpacity: 0}
      : {color: "#8a97a6", weight: 0.7, fillColor: "#eef1ea", fillOpacity: 1};

    map.createPane("outline");
    map.getPane("outline").style.zIndex = 250;
    fetch(data.outline).then(function (response) { return response.json(); }).then(function (outline) {
      L.geoJSON(outline, {
        pane: "outline",
        interactive: false,
        style: outlineStyle
      }).addTo(map);
      map.getContainer().classList.add("outline-loaded");
    });

    L.circleMarker([data.home.lat, data.home.lon], {
      radius: 9, color: "#000", weight: 3, fillColor: "#ffd400", fillOpacity: 1, className: "home-marker"
    }).bindTooltip(escapeHtml(data.labels.home), {permanent: false}).addTo(map);

    if (data.kind === "countries") {
      drawCountries(map, data);
      return;
    }
    var statusLabels = {};
    data.legends.status.forEach(function (item) { statusLabels[item.key] = item.label; });
    var layer = L.featureGroup().addTo(map);
    var circles = data.markers.map(function (marker) {
      var circle = L.circleMarker([marker[2], marker[3]], {
        radius: 7, weight: 1.5, color: "#1f2328", fillOpacity: 0.9, className: "partner-marker"
      });
      // Built on opening: thousands of popups up front would slow the page.
      circle.bindPopup(function () { return popup(marker, data, statusLabels); });
      circle.bindTooltip(escapeHtml(marker[1]));
      circle.addTo(layer);
      return {circle: circle, marker: marker};
    });

    function colourBy(key) {
      var legend = data.legends[key];
      var table = colours(legend);
      var present = {};
      circles.forEach(function (item) {
        var value = item.marker[FIELDS[key]];
        present[value] = true;
        item.circle.setStyle({fillColor: table[value] || "#999"});
      });
      drawLegend(legend, present, data.labels.home);
    }

    colourBy("status");
    document.querySelectorAll('input[name="colour-by"]').forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) colourBy(input.value); });
    });

    if (data.fit && circles.length) {
      map.fitBounds(layer.getBounds().extend([data.home.lat, data.home.lon]), {padding: [20, 20], maxZoom: 5, animate: false});
    } else if (circles.length) {
      map.setView(circles[0].circle.getLatLng(), 4, {animate: false});
    }
    map.getContainer().dataset.markers = String(circles.length);
  };
})();
