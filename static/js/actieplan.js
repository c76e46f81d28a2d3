// The actieplan's edit conflict: "Overnemen" copies the other person's stored
// value of one field into the user's form, so they keep the rest of their own
// input and save once (actieplan/templates/actieplan/actiepunt_form.html).
// Without JavaScript the buttons stay hidden and the user retypes what they want.
(function () {
  "use strict";

  function showButtons(root) {
    root.querySelectorAll("[data-take-theirs][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function take(button) {
    var container = button.closest(".ap-form");
    var form = container && container.querySelector("form");
    if (!form) return;
    var name = button.getAttribute("data-take-theirs");
    var value = button.getAttribute("data-value");
    var fields = form.querySelectorAll('[name="' + name + '"]');
    if (!fields.length) return;
    if (fields[0].type === "checkbox") {
      var chosen = value ? value.split(",") : [];
      fields.forEach(function (box) { box.checked = chosen.indexOf(box.value) !== -1; });
    } else {
      fields[0].value = value;
    }
    fields[0].dispatchEvent(new Event("change", { bubbles: true }));
    button.childNodes[0].nodeValue = "Overgenomen";
    button.disabled = true;
    var focusable = fields[0].type === "hidden" ? null : fields[0];
    if (focusable) focusable.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-take-theirs]");
    if (button) take(button);
  });
  document.addEventListener("DOMContentLoaded", function () { showButtons(document); });
  document.addEventListener("htmx:load", function (event) { showButtons(event.detail.elt); });
})();
