/*
 * What buyers' pages took from jQuery, Bootstrap 4's bundle and Oscar's ui.js (some 120 KB), in plain
 * JavaScript: the phone menu (collapse), the header's dropdowns, closing alerts, the product photos'
 * carousel, Oscar's form behaviours and the start-up calls Oscar's templates make (oscar.init,
 * oscar.basket.init, oscar.checkout.gateway.init, oscar.customer.wishlists.init), which
 * marketplace/js/page_init.js runs by name. It reads Bootstrap's own markup (data-toggle, data-target,
 * data-dismiss, data-slide) and sets Bootstrap's classes (.show, .active), which shop.css styles.
 * The officers' dashboard, and the few buyer pages that need a jQuery plugin, load Oscar's scripts instead.
 */
(function () {
  "use strict";

  var oscar = (window.oscar = window.oscar || {});

  function on(type, selector, handler) {
    document.addEventListener(type, function (event) {
      var target = event.target.closest && event.target.closest(selector);
      if (target) handler(event, target);
    });
  }

  function targetsOf(trigger) {
    var selector = trigger.getAttribute("data-target") || trigger.getAttribute("href");
    if (!selector || selector === "#") return [];
    try {
      return Array.prototype.slice.call(document.querySelectorAll(selector));
    } catch (error) {
      return []; // not a selector
    }
  }

  // Collapse (the phone menu): no height animation, just shown or not; every button that controls the
  // same panel says whether it is open.
  function toggleCollapse(trigger) {
    var panels = targetsOf(trigger);
    if (!panels.length) return;
    var open = !panels[0].classList.contains("show");
    panels.forEach(function (panel) {
      panel.classList.toggle("show", open);
    });
    document.querySelectorAll('[data-toggle="collapse"]').forEach(function (other) {
      if (targetsOf(other)[0] !== panels[0]) return;
      other.setAttribute("aria-expanded", String(open));
      other.classList.toggle("collapsed", !open);
    });
  }

  // Dropdowns: the menu is the toggle's sibling (Bootstrap's markup); one open at a time, closed by
  // Escape (focus back on its toggle) or a click elsewhere; ArrowDown and ArrowUp move through its links.
  function menuOf(toggle) {
    return toggle.parentElement.querySelector(".dropdown-menu");
  }

  function setDropdown(toggle, open) {
    var menu = menuOf(toggle);
    if (!menu) return;
    toggle.parentElement.classList.toggle("show", open);
    menu.classList.toggle("show", open);
    toggle.setAttribute("aria-expanded", String(open));
  }

  function openToggles() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-toggle="dropdown"][aria-expanded="true"]'));
  }

  function closeDropdowns(except) {
    openToggles().forEach(function (toggle) {
      if (toggle !== except) setDropdown(toggle, false);
    });
  }

  function menuItems(toggle) {
    var items = menuOf(toggle).querySelectorAll("a[href], button:not(:disabled), input:not(:disabled)");
    return Array.prototype.filter.call(items, function (item) {
      return item.getClientRects().length > 0;
    });
  }

  function slideTo(carousel, index) {
    var slides = carousel.querySelectorAll(".carousel-item");
    var indicators = carousel.querySelectorAll(".carousel-indicators [data-slide-to]");
    if (!slides.length) return;
    index = (index + slides.length) % slides.length;
    Array.prototype.forEach.call(slides, function (slide, i) {
      slide.classList.toggle("active", i === index);
    });
    Array.prototype.forEach.call(indicators, function (indicator, i) {
      indicator.classList.toggle("active", i === index);
    });
  }

  function activeSlide(carousel) {
    var slides = Array.prototype.slice.call(carousel.querySelectorAll(".carousel-item"));
    return Math.max(0, slides.indexOf(carousel.querySelector(".carousel-item.active")));
  }

  function installPageBehaviours() {
    on("click", '[data-toggle="collapse"]', function (event, trigger) {
      event.preventDefault();
      toggleCollapse(trigger);
    });

    on("click", '[data-toggle="dropdown"]', function (event, toggle) {
      event.preventDefault();
      var open = toggle.getAttribute("aria-expanded") !== "true";
      closeDropdowns(toggle);
      setDropdown(toggle, open);
    });
    document.addEventListener("click", function (event) {
      openToggles().forEach(function (toggle) {
        if (!toggle.parentElement.contains(event.target)) setDropdown(toggle, false);
      });
    });
    document.addEventListener("keydown", function (event) {
      var open = openToggles();
      if (!open.length) return;
      var toggle = open[0];
      if (event.key === "Escape") {
        setDropdown(toggle, false);
        toggle.focus();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && toggle.parentElement.contains(event.target)) {
        var items = menuItems(toggle);
        if (!items.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var index = items.indexOf(document.activeElement);
        items[index === -1 ? (step > 0 ? 0 : items.length - 1) : (index + step + items.length) % items.length].focus();
      }
    });

    on("click", '[data-dismiss="alert"]', function (event, button) {
      event.preventDefault();
      var alert = button.closest(".alert");
      if (alert) alert.remove();
    });

    // The product photos: "previous", "next" and the thumbnails (Bootstrap's carousel markup), no sliding.
    on("click", "[data-slide], [data-slide-to]", function (event, control) {
      var carousel = control.closest(".carousel") || targetsOf(control)[0];
      if (!carousel) return;
      event.preventDefault();
      if (control.hasAttribute("data-slide-to")) {
        slideTo(carousel, parseInt(control.getAttribute("data-slide-to"), 10));
      } else {
        slideTo(carousel, activeSlide(carousel) + (control.getAttribute("data-slide") === "prev" ? -1 : 1));
      }
    });

    // Oscar's forms: a button with data-loading-text says so and is disabled once its (valid) form is
    // sent, after the click (a disabled button sends nothing); a form marked "lock" is sent only once.
    on("click", "[data-loading-text]", function (event, button) {
      if (button.form && button.form.querySelector(":invalid")) return;
      setTimeout(function () {
        var text = button.getAttribute("data-loading-text");
        if (button.tagName === "INPUT") button.value = text;
        else button.textContent = text;
        button.classList.add("disabled");
        button.disabled = true;
      });
    });
    on("submit", 'form[data-behaviours~="lock"]', function (event, form) {
      if (form.getAttribute("data-locked")) event.preventDefault();
      form.setAttribute("data-locked", "true");
    });

    // The review form: the score's select is hidden and the stars choose it.
    on("click", ".reviewrating .star-rating i", function (event, star) {
      var stars = star.parentElement;
      var index = Array.prototype.indexOf.call(stars.children, star);
      stars.classList.remove("One", "Two", "Three", "Four", "Five");
      stars.classList.add(["One", "Two", "Three", "Four", "Five"][index]);
      var select = star.closest(".controls").querySelector("select");
      if (select) select.value = String(index + 1);
    });
  }

  var installed = false;
  oscar.init = function () {
    if (installed) return;
    installed = true;
    installPageBehaviours();
  };

  // The basket. Its forms are sent as ordinary forms, whichever button sent them (Oscar's script posted
  // them in the background without the pressed button, so "Remove" did nothing); the links below tick
  // the line's hidden box and send the form.
  function tickAndSubmit(link, prefix, suffix) {
    var box = document.getElementById("id_" + prefix + "-" + link.getAttribute("data-id") + "-" + suffix);
    var form = link.closest("form");
    if (!box || !form || form.getAttribute("data-locked")) return;
    box.checked = true;
    form.setAttribute("data-locked", "true");
    form.submit();
  }

  function showVoucherForm(shown) {
    var container = document.getElementById("voucher_form_container");
    var link = document.getElementById("voucher_form_link");
    if (!container || !link) return;
    container.style.display = shown ? "" : "none";
    link.style.display = shown ? "none" : "";
    if (shown) {
      var code = document.getElementById("id_code");
      if (code) code.focus();
    }
  }

  oscar.basket = {
    init: function () {
      var links = {
        '#basket_formset a[data-behaviours~="remove"]': ["form", "DELETE"],
        '#basket_formset a[data-behaviours~="save"]': ["form", "save_for_later"],
        '#saved_basket_formset a[data-behaviours~="move"]': ["saved", "move_to_basket"],
        '#saved_basket_formset a[data-behaviours~="remove"]': ["saved", "DELETE"],
      };
      Object.keys(links).forEach(function (selector) {
        on("click", selector, function (event, link) {
          event.preventDefault();
          tickAndSubmit(link, links[selector][0], links[selector][1]);
        });
      });
      on("click", "#voucher_form_link a", function (event) {
        event.preventDefault();
        showVoucherForm(true);
      });
      on("click", "#voucher_form_cancel", function (event) {
        event.preventDefault();
        showVoucherForm(false);
      });
      if (window.location.hash === "#voucher") showVoucherForm(true);
    },
  };

  // The checkout's first page: a password only for "I have an account".
  oscar.checkout = {
    gateway: {
      init: function () {
        var radios = document.querySelectorAll("form input[name=options]");
        var password = document.getElementById("id_password");
        function follow() {
          var chosen = document.querySelector("form input[name=options]:checked");
          if (password) password.disabled = !!chosen && (chosen.value === "anonymous" || chosen.value === "new");
        }
        Array.prototype.forEach.call(radios, function (radio) {
          radio.addEventListener("change", follow);
        });
        follow();
        var username = document.getElementById("id_username");
        if (username) username.focus();
      },
    },
  };

  // The wish lists: "Copy sharing link" copies the link's full address instead of following it.
  oscar.customer = {
    wishlists: {
      init: function () {
        on("click", ".clipboard-item", function (event, link) {
          event.preventDefault();
          navigator.clipboard.writeText(window.location.origin + link.getAttribute("href")).catch(function (error) {
            console.log("Something went wrong while copying: " + error);
          });
        });
      },
    },
  };
})();
