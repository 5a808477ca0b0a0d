// Workshift's small page behaviours, kept out of the HTML so that the
// Content-Security-Policy can refuse every inline script.
(function () {
  "use strict";

  // Charts: <div data-vega-spec="ID"> draws the Vega-Lite spec in <script id="ID" type="application/json">.
  // ast + the expression interpreter: Vega evaluates its expressions without eval().
  function drawCharts() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      const source = document.getElementById(element.dataset.vegaSpec);
      if (!source || element.dataset.rendered) return;
      let spec = JSON.parse(source.textContent);
      if (typeof spec === "string") spec = JSON.parse(spec);
      const options = {
        ast: true,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        renderer: element.dataset.vegaRenderer || "svg",
      };
      options.actions = element.dataset.vegaActions === "export"
        ? { export: true, source: false, compiled: false, editor: false }
        : false;
      if (options.actions) options.forceActionsMenu = true;
      window.vegaEmbed(element, spec, options)
        .then(function () { element.dataset.rendered = "1"; })
        .catch(function (error) { element.textContent = "The chart could not be drawn: " + error; });
    });
  }

  // <select data-autosubmit> submits its form when it changes.
  // <div data-off-when-checked="ID"> is hidden while the checkbox ID is ticked.
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
    if (target instanceof HTMLInputElement && target.type === "checkbox" && target.id) {
      document.querySelectorAll("[data-off-when-checked]").forEach(function (part) {
        if (part.dataset.offWhenChecked === target.id) part.hidden = target.checked;
      });
    }
  });

  // <form data-remove-after-request="ID"> removes element ID once its htmx request is answered.
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.target.closest ? event.target.closest("[data-remove-after-request]") : null;
    if (!form) return;
    const gone = document.getElementById(form.dataset.removeAfterRequest);
    if (gone) gone.remove();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawCharts);
  else drawCharts();
})();
