// The map page: draws the areas and cooperatives (GeoJSON from the server, with the page's filters).
// Tiles are a backdrop only; without a network the layers still draw on the plain background.
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || !window.L) { return; }
  var map = L.map(element, { zoomControl: true }).setView([10.85, 106.6], 10);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "&copy; OpenStreetMap"
  }).addTo(map);

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  var query = window.location.search;
  var bounds = L.latLngBounds([]);

  function load(url, options) {
    return fetch(url + query, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, options).addTo(map);
        if (collection.features.length) { bounds.extend(layer.getBounds()); }
      });
  }

  Promise.all([
    load(element.dataset.areas, {
      style: { color: "#2e7d32", weight: 2, fillOpacity: 0.35, className: "map-area" },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: "#2e7d32", className: "map-area" });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindPopup("<strong>" + text(p.name) + "</strong><br>" + text(p.cooperative) + "<br>" +
          text(p.commune) + "<br>" + text(p.hectares) + " " + text(element.dataset.labelHectares) + " · " +
          text(p.households) + " " + text(element.dataset.labelHouseholds) +
          (p.crops ? "<br>" + text(p.crops) : ""));
      }
    }),
    load(element.dataset.cooperatives, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: "#1565c0", fillOpacity: 0.9, className: "map-cooperative" });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup("<strong>" + text(feature.properties.name) + "</strong><br>" + text(feature.properties.commune));
      }
    })
  ]).then(function () {
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14, animate: false }); }
    element.setAttribute("data-ready", "true");
  });
})();
