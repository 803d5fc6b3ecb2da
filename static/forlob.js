/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Forløb: small glue between htmx and DKFDS. No frameworks.
 *
 * DKFDS.init() runs once for the whole page, here rather than in an inline script (the
 * Content Security Policy allows none). Content that htmx swaps in later gets the few
 * DKFDS components it may contain wired up below. (DKFDS.init() itself must not run
 * again: it would set up the main navigation a second time.)
 */
(function () {
  "use strict";
  if (typeof window.DKFDS === "undefined") {
    return;
  }
  window.DKFDS.init();

  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) {
      found.unshift(root);
    }
    return found;
  }

  function initComponents(root) {
    within(root, ".accordion, .accordion-bordered").forEach(function (el) {
      new window.DKFDS.Accordion(el).init();
    });
    within(root, ".alert.has-close").forEach(function (el) {
      new window.DKFDS.Alert(el).init();
    });
    within(root, ".js-dropdown").forEach(function (el) {
      new window.DKFDS.Dropdown(el).init();
    });
  }

  document.addEventListener("htmx:load", function (event) {
    var root = event.detail && event.detail.elt;
    // htmx also fires htmx:load for <body> on page load; DKFDS.init() has covered that.
    if (!root || root === document.body || root.nodeType !== 1) {
      return;
    }
    initComponents(root);
  });
})();

/* The live total of an instrument form (AUDIT, DUDIT): the points of the chosen answers, read
 * from the form's JSON points table, shown in the <output> as the user answers. The server
 * scores again when the form is saved; this is only a guide. */
(function () {
  "use strict";
  var table = document.getElementById("instrument-points");
  var output = document.getElementById("live-total");
  if (!table || !output) {
    return;
  }
  var points = JSON.parse(table.textContent);
  var form = output.closest("form");
  function update() {
    var total = 0;
    var answered = 0;
    Object.keys(points).forEach(function (item) {
      var chosen = form.querySelector('input[name="' + item + '"]:checked');
      if (chosen && points[item][chosen.value] !== undefined) {
        total += points[item][chosen.value];
        answered += 1;
      }
    });
    output.textContent = total + " (" + answered + "/" + Object.keys(points).length + ")";
  }
  form.addEventListener("change", update);
  update();
})();

/* The print button of the journal's print view. */
(function () {
  "use strict";
  Array.prototype.slice.call(document.querySelectorAll("[data-print]")).forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
