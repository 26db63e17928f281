/* The product list's row forms (price and stock, the on-sale switch) sent without leaving the page.
   Only an enhancement: without JavaScript the same forms post, redirect back and show a message. */
(function () {
  "use strict";

  function rowOf(form) {
    return form.closest(".ws-product");
  }

  function show(form, text, isError) {
    var status = rowOf(form).querySelector(".ws-quick-status");
    status.textContent = text;
    status.classList.toggle("ws-error", isError);
  }

  function applied(form, answer) {
    var row = rowOf(form);
    if (answer.price !== undefined) {
      row.querySelector(".ws-product-price").textContent = answer.price;
      row.querySelector(".ws-product-stock").textContent = answer.stock;
      row.querySelector(".ws-low").hidden = !answer.low;
    }
    if (answer.on_sale !== undefined) {
      form.querySelector(".ws-switch").setAttribute("aria-checked", answer.on_sale ? "true" : "false");
      form.querySelector("input[name=on_sale]").value = answer.on_sale ? "0" : "1";
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-ws-row]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "workspace" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.ok) {
          applied(form, answer);
        }
        show(form, answer.message, !answer.ok);
      })
      .catch(function () {
        form.submit(); // the page's own way, with a message after the reload
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
