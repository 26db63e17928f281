/* Enhancements of the products pages; without JavaScript every form works as it is.
   - The list's row forms (price and stock, the on-sale switch) are sent without leaving the page.
   - The product form shrinks camera photos on the phone before sending them: less to send over a
     slow connection, and a 10 MB photo from a new phone is not refused for its size. The server
     resizes and turns photos upright anyway (catalog/photos.py). */
(function () {
  "use strict";

  var MAX_SIDE = 1600; // as catalog/photos.py
  var SHRINKS = /^image\/(jpeg|webp)$/; // a PNG may be transparent: left to the server

  function shrunk(file) {
    if (!window.createImageBitmap || !SHRINKS.test(file.type)) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        if (scale === 1) {
          return file;
        }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              resolve(blob ? new File([blob], name, { type: "image/jpeg" }) : file);
            },
            "image/jpeg",
            0.85
          );
        });
      })
      .catch(function () {
        return file; // the server says what is wrong with it
      });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches("input[type=file][name=photos]") || !window.DataTransfer) {
      return;
    }
    var submit = input.form.querySelector("button[type=submit]");
    submit.disabled = true;
    Promise.all(Array.prototype.map.call(input.files, shrunk))
      .then(function (files) {
        var transfer = new DataTransfer();
        files.forEach(function (file) {
          transfer.items.add(file);
        });
        input.files = transfer.files;
      })
      .finally(function () {
        submit.disabled = false;
      });
  });

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
