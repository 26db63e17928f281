/*
 * Suggestions under the search box while the buyer types (catalog/search_suggestions.py).
 * Any form whose action is the search page ("/search/", "/en/search/") gets them: its "q" box
 * becomes an ARIA combobox over a list of links (products, categories, cooperatives, places).
 * Arrow keys move through the list, Enter opens the chosen link, Escape closes it; without
 * JavaScript the form simply searches. No inline script or markup from the server: the answer
 * is JSON and its text is set as text.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function attach(form, index) {
    var input = form.querySelector('input[name="q"]');
    if (!input || input.getAttribute("role") === "combobox") return;
    var listId = "search-suggest-" + index;
    var list = document.createElement("div"); // a listbox's options are its own children: no <li>
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "");
    list.hidden = true;
    form.classList.add("search-suggest-form");
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var endpoint = form.getAttribute("action").replace(/\/?$/, "/") + "suggest/";
    var timer = null;
    var asked = "";
    var active = -1;

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion, i) {
        var link = document.createElement("a");
        link.id = listId + "-" + i;
        link.href = suggestion.url;
        link.setAttribute("role", "option");
        link.className = "search-suggest-option search-suggest-" + suggestion.kind;
        link.textContent = suggestion.label;
        list.appendChild(link);
      });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < MIN_LENGTH) {
        asked = q;
        close();
        return;
      }
      if (q === asked) return;
      asked = q;
      fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { query: q, suggestions: [] };
        })
        .then(function (answer) {
          if (answer.query === input.value.trim().split(/\s+/).join(" ")) show(answer.suggestions);
        })
        .catch(close);
    }

    function move(step) {
      var all = options();
      if (!all.length) return;
      if (active >= 0) all[active].removeAttribute("aria-selected");
      active = (active + step + all.length) % all.length;
      all[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(-1);
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  function start() {
    var forms = document.querySelectorAll('form[method="GET"][action$="/search/"], form[method="get"][action$="/search/"]');
    for (var i = 0; i < forms.length; i++) attach(forms[i], i);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
