/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* "Tilføj afdeling": a new empty row from the formset's <template>, numbered after the last, and
 * the management form's TOTAL_FORMS raised to match. Without script the form has empty rows
 * enough for most courses, and the button stays hidden. */
(function () {
  "use strict";
  var button = document.getElementById("add-department-row");
  var template = document.getElementById("department-row-template");
  if (!button || !template) {
    return;
  }
  var total = document.querySelector('input[name$="-TOTAL_FORMS"]');
  var body = template.parentNode.querySelector("tbody");
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    body.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    body.lastElementChild.querySelector("input").focus();
  });
})();
