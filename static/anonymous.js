/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The citizen form: "Anonymous treatment" hides the fields of an identified citizen (CPR number,
 * name) and shows those of an anonymous one, and the reverse. A hidden fieldset is disabled too,
 * so a CPR number typed before the box was ticked is not sent. Without script every field shows
 * and the server refuses a CPR number for an anonymous citizen. */
(function () {
  "use strict";
  var box = document.getElementById("id_is_anonymous");
  var identified = document.getElementById("identified");
  var anonymous = document.getElementById("anonymous");
  if (!box || !identified || !anonymous) {
    return;
  }
  function show() {
    identified.hidden = identified.disabled = box.checked;
    anonymous.hidden = anonymous.disabled = !box.checked;
  }
  box.addEventListener("change", show);
  show();
})();
