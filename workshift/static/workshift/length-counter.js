// Length limits shown, not enforced by a silent cut: every field with data-maxlength="N"
// (set by the form renderer instead of maxlength) gets a live counter under it, "37 / 200",
// that turns red over the limit. The form itself refuses over-long text with a message next
// to the field and keeps all of it in the field, so nothing typed or pasted is lost.
(function () {
  "use strict";

  const numbers = new Intl.NumberFormat("en");

  // Counted the way the server counts: surrounding spaces dropped, a line break sent as \r\n,
  // one character per code point.
  function length(field) {
    return Array.from(field.value.trim().replace(/\r?\n/g, "\r\n")).length;
  }

  function update(field, counter) {
    const limit = parseInt(field.dataset.maxlength, 10);
    const count = length(field);
    const over = count > limit;
    counter.textContent = numbers.format(count) + " / " + numbers.format(limit)
      + (over ? " (" + numbers.format(count - limit) + " too many)" : "");
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-semibold", over);
    counter.classList.toggle("ws-length-over", over);
  }

  function attach(field) {
    if (field.dataset.lengthCounter || !(parseInt(field.dataset.maxlength, 10) >= 0)) return;
    const counter = document.createElement("div");
    counter.className = "form-text ws-length-counter";
    counter.id = (field.id || field.name) + "_length";
    counter.setAttribute("aria-live", "polite");
    field.dataset.lengthCounter = counter.id;
    field.setAttribute(
      "aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim()
    );
    field.insertAdjacentElement("afterend", counter);
    update(field, counter);
  }

  function attachAll(root) {
    if (root.matches && root.matches("[data-maxlength]")) attach(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-maxlength]").forEach(attach);
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!(field instanceof HTMLElement) || !field.dataset.lengthCounter) return;
    const counter = document.getElementById(field.dataset.lengthCounter);
    if (counter) update(field, counter);
  });
  // parts of pages that htmx swaps in
  document.addEventListener("htmx:load", function (event) { attachAll(event.target); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  } else {
    attachAll(document);
  }
})();
