// The workspace's import job page: ask the job's status every second and move the progress bar;
// reload the page when the job ends, to show its result. Without JavaScript the "Refresh" link does it.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status-url]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress");
  var label = box.querySelector("[role=status]");

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
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        if (label.textContent !== status.label) {
          label.textContent = status.label;
        }
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
