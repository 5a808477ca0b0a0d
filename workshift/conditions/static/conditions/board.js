// Moving people between proposed groups: drag and drop, or the group menu on each card.
(function () {
  const board = document.getElementById("board");
  if (!board) return;
  function column(index) { return board.querySelector('.ws-drop[data-group="' + index + '"]'); }
  function recount() {
    board.querySelectorAll(".ws-drop").forEach(function (col) {
      col.querySelector("[data-count]").textContent = col.querySelectorAll(".ws-person").length;
    });
  }
  function place(card, index, notify) {
    const target = column(index);
    if (!target) return;
    target.querySelector("[data-list]").appendChild(card);
    const select = card.querySelector("select");
    if (select.value !== String(index)) select.value = String(index);
    recount();
    if (notify) select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  board.addEventListener("dragstart", function (e) {
    const card = e.target.closest(".ws-person");
    if (!card) return;
    e.dataTransfer.setData("text/plain", card.dataset.person);
    e.dataTransfer.effectAllowed = "move";
    card.classList.add("opacity-50");
  });
  board.addEventListener("dragend", function (e) {
    const card = e.target.closest(".ws-person");
    if (card) card.classList.remove("opacity-50");
  });
  board.querySelectorAll(".ws-drop").forEach(function (col) {
    col.addEventListener("dragover", function (e) { e.preventDefault(); col.classList.add("border-primary"); });
    col.addEventListener("dragleave", function () { col.classList.remove("border-primary"); });
    col.addEventListener("drop", function (e) {
      e.preventDefault();
      col.classList.remove("border-primary");
      const card = board.querySelector('.ws-person[data-person="' + e.dataTransfer.getData("text/plain") + '"]');
      if (card && card.closest(".ws-drop") !== col) place(card, col.dataset.group, true);
    });
  });
  board.addEventListener("change", function (e) {
    if (e.target.tagName !== "SELECT") return;
    const card = e.target.closest(".ws-person");
    if (card && card.closest(".ws-drop").dataset.group !== e.target.value) place(card, e.target.value, false);
  }, true);
})();
