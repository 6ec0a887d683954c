/* Partner form: place the partner on a Leaflet map (click, or drag the
   marker) and fill name, country and coordinates from the offline
   gazetteer. Plain JavaScript; Leaflet comes from django-leaflet. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function graticule(map) {
    var style = { color: "#9ab", weight: 0.6, interactive: false };
    var lines = L.layerGroup().addTo(map);
    for (var lat = -60; lat <= 60; lat += 30) { L.polyline([[lat, -180], [lat, 180]], style).addTo(lines); }
    for (var lng = -180; lng <= 180; lng += 30) { L.polyline([[-85, lng], [85, lng]], style).addTo(lines); }
    return lines;
  }

  ready(function () {
    var holder = document.getElementById("partner-map");
    var configNode = document.getElementById("partner-map-config");
    if (!holder || !configNode || !window.L) { return; }
    var config = JSON.parse(configNode.textContent);
    var latInput = document.getElementById("id_latitude");
    var lngInput = document.getElementById("id_longitude");

    // Leaflet's zoom buttons and credit in the page's words, not "Zoom in".
    var words = config.messages;
    // Staff who ask for less motion get a map that jumps, not glides.
    var glide = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(holder, {
      minZoom: 1, maxZoom: 12, worldCopyJump: true, zoomControl: false,
      zoomAnimation: glide, fadeAnimation: glide, markerZoomAnimation: glide
    }).setView(config.center, config.zoom);
    L.control.zoom({ zoomInTitle: words.zoom_in, zoomOutTitle: words.zoom_out }).addTo(map);
    var credit = document.createElement("a");
    credit.href = "https://leafletjs.com";
    credit.title = words.leaflet;
    credit.lang = "en";
    credit.textContent = "Leaflet";
    map.attributionControl.setPrefix(credit.outerHTML);
    config.tiles.forEach(function (tile) { L.tileLayer(tile.url, tile.options).addTo(map); });
    var grid = graticule(map);
    if (config.basemap) {
      // The bundled country outline, when this installation has it: the map must work offline.
      fetch(config.basemap).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data) {
          map.removeLayer(grid);  // with coastlines, grid lines would read as borders
          L.geoJSON(data, { interactive: false, style: { color: "#8a9aa8", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
        }
      }).catch(function () { /* no outline: the graticule still orients */ });
    }
    L.circleMarker(config.home, { radius: 5, color: "#0b6e4f", interactive: false }).addTo(map);

    var marker = null;
    function place(latlng, zoomTo) {
      var lng = ((latlng.lng + 540) % 360) - 180;  // a click on a repeated world copy
      var point = L.latLng(latlng.lat, lng);
      if (!marker) {
        marker = L.marker(point, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      } else {
        marker.setLatLng(point);
      }
      latInput.value = point.lat.toFixed(5);
      lngInput.value = point.lng.toFixed(5);
      if (zoomTo) { map.setView(point, Math.max(map.getZoom(), 5)); }
    }
    function fromInputs() {
      var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
      if (isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
        place(L.latLng(lat, lng), true);
      }
    }
    fromInputs();
    latInput.addEventListener("change", fromInputs);
    lngInput.addEventListener("change", fromInputs);
    map.on("click", function (event) { place(event.latlng); });

    // Gazetteer lookup.
    var query = document.getElementById("gazetteer-query");
    var results = document.getElementById("gazetteer-results");
    var status = document.getElementById("gazetteer-status");
    var numbers = new Intl.NumberFormat(document.documentElement.lang || "fa");

    function setField(id, value, onlyIfEmpty) {
      var input = document.getElementById(id);
      if (input && value !== "" && value !== null && !(onlyIfEmpty && input.value)) { input.value = value; }
    }
    function setCountry(code, name) {
      var select = document.getElementById("id_country");
      if (!select || !code) { return; }
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === code; });
      if (!option) { option = new Option(name || code, code); select.appendChild(option); }
      select.value = code;
      select.dispatchEvent(new Event("change", { bubbles: true }));  // the autocomplete shows it
    }
    function choose(place_) {
      setField("id_name_en", place_.name_en);
      setField("id_name_fa", place_.name_fa, true);
      setField("id_geonames_id", place_.geonames_id);
      setCountry(place_.country, place_.country_name);
      place(L.latLng(place_.latitude, place_.longitude), true);
      results.innerHTML = "";
      status.textContent = config.messages.filled.replace("%s", place_.name_en);
    }
    function show(places) {
      results.innerHTML = "";
      if (!places.length) { status.textContent = config.messages.none; return; }
      status.textContent = places.length > 1 ? config.messages.several : "";
      places.forEach(function (p) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "gazetteer-choice";
        button.dataset.geonamesId = p.geonames_id;
        var name = document.createElement("strong");
        name.textContent = p.name_fa ? p.name_en + " · " + p.name_fa : p.name_en;
        var where = document.createElement("span");
        where.textContent = " — " + (p.country_name || p.country) + " ";
        var population = document.createElement("span");
        population.className = "population";
        population.textContent = "(" + config.messages.population + " " + numbers.format(p.population) + ")";
        button.append(name, where, population);
        button.addEventListener("click", function () { choose(p); });
        item.appendChild(button);
        results.appendChild(item);
      });
      if (places.length === 1) { choose(places[0]); }
    }
    function lookUp() {
      var text = query.value.trim();
      if (text.length < 2) { return; }
      status.textContent = config.messages.searching;
      fetch(config.gazetteer + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { show(data.results); })
        .catch(function () { status.textContent = config.messages.failed; });
    }
    document.getElementById("gazetteer-search").addEventListener("click", lookUp);
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); lookUp(); }  // never submit the partner form
    });
  });
})();
