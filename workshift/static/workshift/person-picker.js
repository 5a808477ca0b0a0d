// The person picker: arrow keys move through the matches, Enter chooses, Escape closes.
(function () {
  "use strict";
  function options(picker) {
    return Array.from(picker.querySelectorAll("[data-picker-options] [role=option]"));
  }
  function setOpen(picker, open) {
    var input = picker.querySelector("[data-picker-input]");
    var list = picker.querySelector("[data-picker-options]");
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { list.innerHTML = ""; input.removeAttribute("aria-activedescendant"); }
  }
  function activate(picker, index) {
    var items = options(picker);
    var input = picker.querySelector("[data-picker-input]");
    items.forEach(function (item, i) {
      var on = i === index;
      item.classList.toggle("active", on);
      item.setAttribute("aria-selected", on ? "true" : "false");
      if (on) { input.setAttribute("aria-activedescendant", item.id); item.scrollIntoView({block: "nearest"}); }
    });
    picker.dataset.active = String(index);
  }
  function choose(picker, item) {
    var name = picker.dataset.name;
    var chosen = picker.querySelector("[data-picker-chosen]");
    var input = picker.querySelector("[data-picker-input]");
    var id = item.dataset.id;
    if (picker.dataset.multiple !== "1") {
      chosen.innerHTML = "";
      var empty = picker.querySelector("[data-picker-empty]");
      if (empty) { empty.remove(); }
    } else if (chosen.querySelector('[data-id="' + id + '"], input[value="' + id + '"]')) {
      input.value = ""; setOpen(picker, false); return;
    }
    var chip = document.createElement("span");
    chip.className = "badge text-bg-light border ws-picker-chip";
    chip.dataset.id = id;
    chip.textContent = item.dataset.label;
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = name; hidden.value = id;
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "btn-close btn-close-sm ms-1";
    remove.setAttribute("aria-label", "Remove " + item.dataset.label);
    remove.setAttribute("data-picker-remove", "");
    chip.appendChild(hidden); chip.appendChild(remove);
    chosen.appendChild(chip);
    input.value = "";
    setOpen(picker, false);
    input.focus();
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target.closest && event.target.closest("[data-picker-input]");
    if (!input) { return; }
    var picker = input.closest("[data-picker]");
    var items = options(picker);
    var active = parseInt(picker.dataset.active || "-1", 10);
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault(); activate(picker, Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault(); activate(picker, Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (items.length) { choose(picker, items[Math.max(active, 0)]); }
    } else if (event.key === "Escape") {
      setOpen(picker, false);
    }
  });
  document.addEventListener("click", function (event) {
    var remove = event.target.closest && event.target.closest("[data-picker-remove]");
    if (remove) {
      var picker = remove.closest("[data-picker]");
      remove.closest(".ws-picker-chip").remove();
      if (picker.dataset.multiple !== "1") {
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = picker.dataset.name; hidden.value = "";
        hidden.setAttribute("data-picker-empty", "");
        picker.appendChild(hidden);
      }
      return;
    }
    var item = event.target.closest && event.target.closest("[data-picker-options] [role=option]");
    if (item) { choose(item.closest("[data-picker]"), item); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest("[data-picker]");
    if (!picker) { return; }
    picker.dataset.active = "-1";
    var input = picker.querySelector("[data-picker-input]");
    input.setAttribute("aria-expanded", options(picker).length ? "true" : "false");
    if (options(picker).length) { activate(picker, 0); }
  });
})();
