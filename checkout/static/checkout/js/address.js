/*
 * The delivery address form: when the province changes, the ward/commune list becomes that province's.
 * It asks the address page itself for ?province=<code> and takes the list from it, so the names come
 * from the one place the server reads them (regions/divisions.py); without JavaScript a button does it.
 */
(function () {
  "use strict";

  function replaceCommunes(communeSelect, provinceCode, pageUrl) {
    var url = new URL(pageUrl, window.location.href);
    url.searchParams.set("province", provinceCode);
    communeSelect.disabled = true;
    return fetch(url.toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById(communeSelect.id);
        if (fresh) communeSelect.innerHTML = fresh.innerHTML;
        communeSelect.value = "";
      })
      .finally(function () {
        communeSelect.disabled = false;
      });
  }

  window.marketplace = window.marketplace || {};
  window.marketplace.address = {
    init: function (options) {
      var form = document.getElementById(options.formId);
      if (!form) return;
      var province = form.querySelector("select[data-commune-select]");
      if (!province) return;
      var commune = form.querySelector("select[name='" + province.getAttribute("data-commune-select") + "']");
      if (!commune) return;
      province.addEventListener("change", function () {
        replaceCommunes(commune, province.value, form.getAttribute("action"));
      });
    },
  };
})();
