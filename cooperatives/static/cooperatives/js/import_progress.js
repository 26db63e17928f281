// The import job page: poll the job's status and move the progress bar; reload when it ends.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status-url]");
  if (!box) {
    return;
  }
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-import-label]");

  function show(status) {
    bar.style.width = status.percent + "%";
    bar.setAttribute("aria-valuenow", status.percent);
    bar.textContent = status.percent + "%";
    label.textContent = status.label;
  }

  function poll() {
    fetch(box.getAttribute("data-import-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
