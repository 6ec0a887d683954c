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

  // A point is [partner id, lat, lon, status, administration] (views/maps.py: point_layer);
  // its popup's details, {id, name, agreements: [[id, title, status, signing
  // date], ...]}, come embedded (a partner's page) or on click (the full map).
  function popup(details, data, statusLabels) {
    var dir = document.documentElement.dir || "ltr";
    var items = details.agreements.map(function (a) {
      return '<li><a href="' + escapeHtml(link(data.urls.agreement, a[0])) + '">' + escapeHtml(a[1]) +
        "</a><br>" + escapeHtml(a[3] || "") + " · " + escapeHtml(statusLabels[a[2]] || a[2]) + "</li>";
    }).join("");
    return '<div dir="' + dir + '" class="map-popup"><strong><a href="' +
      escapeHtml(link(data.urls.partner, details.id)) + '">' + escapeHtml(details.name) +
      "</a></strong><ul>" + items + "</ul></div>";
  }

  function fetchDetails(data, id) {
    if (data.details[id]) return Promise.resolve(data.details[id]);
    var url = data.urls.details.replace("/0.json", "/" + id + ".json") + (data.query ? "?" + data.query : "");
    return fetch(url).then(function (response) { return response.json(); }).then(function (details) {
      data.details[id] = details;
      return details;
    });
  }

  var FIELDS = {status: 3, administration: 4};

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

  // Leaflet's zoom buttons and credit in the page's words, and a scale bar
  // long enough for «۵۰۰ کیلومتر» (django-leaflet's own is off: SCALE None).
  function localiseControls(map, labels) {
    if (map.zoomControl) map.zoomControl.remove();
    map.zoomControl = L.control.zoom({zoomInTitle: labels.zoom_in, zoomOutTitle: labels.zoom_out}).addTo(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix(
        '<a href="https://leafletjs.com" title="' + escapeHtml(labels.leaflet) + '" lang="en">Leaflet</a>'
      );
    }
    L.control.scale({imperial: false, maxWidth: 180}).addTo(map);
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

  // Each map django-leaflet's leaflet_map tag laid out
  // (templates/leaflet/_leaflet_map.html), started as its own inline
  // script would, so that the pages carry no inline code.
  // A visitor who asks for less motion gets maps that jump, not glide.
  window.addEventListener("load", function () {
    var glide = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("[data-djoptions]").forEach(function (element) {
      L.Map.djangoMap(element.id, {
        djoptions: JSON.parse(element.dataset.djoptions), globals: false, callback: window.registryMap,
        zoomAnimation: glide, fadeAnimation: glide, markerZoomAnimation: glide
      });
    });
  });

  window.registryMap = function (map, options) {
    var frame = map.getContainer().closest("[data-map-data]");
    var data = JSON.parse(document.getElementById(frame.dataset.mapData).textContent);
    localiseControls(map, data.labels);
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
    var points = data.points
      ? Promise.resolve(data.points)
      : fetch(data.points_url).then(function (response) { return response.json(); })
          .then(function (body) { return body.points; });
    points.then(function (points) { drawPartners(map, data, points, statusLabels); });
  };

  function drawPartners(map, data, points, statusLabels) {
    // Thousands of markers are grouped into clusters that split as one zooms in;
    // a few dozen are drawn as they are.
    var clustered = points.length >= data.cluster_from && L.markerClusterGroup;
    var layer = clustered
      ? L.markerClusterGroup({
        chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
        chunkProgress: function (processed, total) { if (processed === total) done(); }
      })
      : L.featureGroup();
    var circles = points.map(function (point) {
      var circle = L.circleMarker([point[1], point[2]], {
        radius: 7, weight: 1.5, color: "#1f2328", fillOpacity: 0.9, className: "partner-marker"
      });
      circle.bindPopup(escapeHtml(data.labels.loading));
      circle.on("popupopen", function () {
        fetchDetails(data, point[0]).then(function (details) {
          circle.setPopupContent(popup(details, data, statusLabels));
        });
      });
      if (data.details[point[0]]) circle.bindTooltip(escapeHtml(data.details[point[0]].name));
      return {circle: circle, point: point};
    });

    function colourBy(key) {
      var legend = data.legends[key];
      var table = colours(legend);
      var present = {};
      circles.forEach(function (item) {
        var value = item.point[FIELDS[key]];
        present[value] = true;
        item.circle.setStyle({fillColor: table[value] || "#999"});
      });
      drawLegend(legend, present, data.labels.home);
    }

    colourBy("status");
    document.querySelectorAll('input[name="colour-by"]').forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) colourBy(input.value); });
    });
    var container = map.getContainer();
    function done() {
      container.dataset.markers = String(circles.length);
      container.classList.add("markers-loaded");
    }
    var bounds = L.latLngBounds(points.map(function (point) { return [point[1], point[2]]; }));
    if (data.fit && circles.length) {
      map.fitBounds(bounds.extend([data.home.lat, data.home.lon]), {padding: [20, 20], maxZoom: 5, animate: false});
    } else if (circles.length) {
      map.setView(circles[0].circle.getLatLng(), 4, {animate: false});
    }
    layer.addTo(map);
    if (clustered) {
      layer.addLayers(circles.map(function (item) { return item.circle; }));
    } else {
      circles.forEach(function (item) { item.circle.addTo(layer); });
      done();
    }
  }
})();
