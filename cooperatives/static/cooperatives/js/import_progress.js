// An import job's page (the dashboard's and the workspace's): poll the job's status and move the
// progress bar (a Bootstrap bar or a <progress>); reload when it ends, to show the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status-url]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress, .progress-bar");
  var label = box.querySelector("[data-import-label]");

  function show(status) {
    if (bar.tagName === "PROGRESS") {
      bar.value = status.percent;
    } else {
      bar.style.width = status.percent + "%";
      bar.setAttribute("aria-valuenow", status.percent);
    }
    bar.textContent = status.percent + "%";
    if (label.textContent !== status.label) {
      label.textContent = status.label;
    }
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
