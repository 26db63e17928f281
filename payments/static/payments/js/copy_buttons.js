/*
 * Copy buttons (payments/partials/bank_transfer.html): a buyer paying from the same phone copies the
 * account number, amount and transfer note into the banking app instead of retyping them.
 * <button data-copy="value" data-copied-label="Đã chép"> copies its value and says so for a moment.
 */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function announce(button, message) {
    var status = document.getElementById("copy-status");
    if (status) status.textContent = message;
    var label = button.querySelector(".copy-label");
    if (!label) return;
    // The visible text and the accessible name change together (a name must contain what is shown).
    var original = label.getAttribute("data-original") || label.textContent;
    var originalName = button.getAttribute("data-original-name") || button.getAttribute("aria-label");
    label.setAttribute("data-original", original);
    button.setAttribute("data-original-name", originalName);
    label.textContent = message;
    button.setAttribute("aria-label", message);
    button.classList.add("copied");
    window.setTimeout(function () {
      label.textContent = original;
      button.setAttribute("aria-label", originalName);
      button.classList.remove("copied");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    copy(button.getAttribute("data-copy")).then(
      function () { announce(button, button.getAttribute("data-copied-label")); },
      function () { announce(button, button.getAttribute("data-failed-label")); }
    );
  });
})();
