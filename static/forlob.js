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
