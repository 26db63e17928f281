/*
 * Runs each page's start-up calls without inline scripts, so that the Content-Security-Policy can
 * forbid them (script-src 'self'). Templates declare the calls as JSON data blocks
 * ({% page_init "oscar.search.init" %}), which browsers never execute:
 *   <script type="application/json" class="js-page-init">{"call": "oscar.search.init", "args": []}</script>
 * Only functions under window.oscar and window.marketplace can be called.
 * Also the small behaviours that were inline on* handlers: data-action="print" and "history-back".
 */
(function () {
  "use strict";

  var CALLABLE_ROOTS = ["oscar", "marketplace"];

  function resolve(path) {
    var parts = path.split(".");
    if (CALLABLE_ROOTS.indexOf(parts[0]) === -1) return null;
    var owner = window;
    var value = window;
    for (var i = 0; i < parts.length; i++) {
      if (value === null || value === undefined) return null;
      owner = value;
      value = value[parts[i]];
    }
    return typeof value === "function" ? { fn: value, owner: owner } : null;
  }

  function runPageInit() {
    var blocks = document.querySelectorAll("script.js-page-init");
    for (var i = 0; i < blocks.length; i++) {
      var spec = JSON.parse(blocks[i].textContent);
      var target = resolve(spec.call);
      if (!target) {
        console.error("page_init: no such function " + spec.call);
        continue;
      }
      target.fn.apply(target.owner, spec.args || []);
    }
    var unconverted = document.getElementById("unconverted-onbodyload");
    if (unconverted && unconverted.textContent.trim()) {
      console.error("page_init: inline start-up code not run (Content-Security-Policy): " + unconverted.textContent.trim());
    }
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-action]");
    if (!trigger) return;
    var action = trigger.getAttribute("data-action");
    if (action === "print") {
      event.preventDefault();
      window.print();
    } else if (action === "history-back") {
      event.preventDefault();
      window.history.back();
    }
  });

  // Oscar's dashboard image widget: its preview hides the upload button once the chosen file shows,
  // and says so when the file is no image (load and error do not bubble: listen while capturing).
  document.addEventListener("load", function (event) {
    var buttonId = event.target.getAttribute && event.target.getAttribute("data-upload-button");
    if (buttonId) window.jQuery("#" + buttonId).hide();
  }, true);
  document.addEventListener("error", function (event) {
    var buttonId = event.target.getAttribute && event.target.getAttribute("data-upload-button");
    if (!buttonId) return;
    window.jQuery("#" + buttonId).show();
    window.alert(event.target.getAttribute("data-error-message"));
  }, true);

  window.marketplace = window.marketplace || {};

  // Oscar's dashboard layout: open the tab named in the address, and keep the address in step.
  window.marketplace.dashboardTabs = function () {
    var hash = window.location.hash;
    if (hash) {
      window.jQuery('.bs-docs-sidenav a[href="' + hash.replace(/"/g, "") + '"]').tab("show");
    }
    window.jQuery(".nav-list a").on("shown.bs.tab", function (event) {
      window.location.hash = event.target.hash;
    });
  };

  // The search facets fold into one box on a phone; wider screens open it.
  window.marketplace.openOnWideScreens = function (options) {
    if (window.matchMedia("(min-width: 576px)").matches) {
      document.getElementById(options.element).open = true;
    }
  };

  // Oscar's list pages reopen their search dialogue when its form has errors.
  window.marketplace.showModal = function (options) {
    window.jQuery(options.selector).modal("show");
  };

  // Oscar's e-mail previews: the e-mail's HTML goes into an iframe so its CSS stays inside.
  window.marketplace.previewEmail = function (options) {
    var frame = document.getElementById(options.frame);
    if (!frame) return;
    var doc = frame.contentWindow.document;
    doc.open();
    doc.write(frame.textContent);
    doc.close();
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", runPageInit);
  } else {
    runPageInit();
  }
})();
