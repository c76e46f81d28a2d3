// Leader checklist: one key per statement. On a focused answer, the digits 1-5
// choose that score and move on to the next statement. Arrow keys work natively;
// saving as you go is done by htmx on the form's change event.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var radio = event.target;
    if (!radio || radio.type !== "radio" || !radio.closest(".checklist-statement")) return;
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-5]$/.test(event.key)) return;
    var group = radio.closest(".checklist-statement");
    var choice = group.querySelector('input[type="radio"][value="' + event.key + '"]');
    if (!choice) return;
    event.preventDefault();
    if (!choice.checked) {
      choice.checked = true;
      choice.dispatchEvent(new Event("change", { bubbles: true }));
    }
    var groups = Array.prototype.slice.call(document.querySelectorAll(".checklist-statement"));
    var next = groups[groups.indexOf(group) + 1];
    if (next) {
      var target = next.querySelector('input[type="radio"]:checked') || next.querySelector('input[type="radio"]');
      target.focus();
    } else {
      choice.focus();
    }
  });
})();
