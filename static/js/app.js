/* A little convenience; every page reads and works without it. */
(function () {
  "use strict";
  // Ask before a step that cannot be undone (buttons carrying data-confirm).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });
  // Panels that load after the page (the similar suggestions on a suggestion's page): the
  // element's own link opens the same content as a page when this does not run.
  Array.prototype.forEach.call(document.querySelectorAll("[data-fragment]"), function (panel) {
    if (!window.fetch) {
      return;
    }
    panel.setAttribute("aria-busy", "true");
    window
      .fetch(panel.getAttribute("data-fragment"), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        panel.outerHTML = html;
      })
      .catch(function () {
        panel.removeAttribute("aria-busy");
      });
  });
  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  var firstError = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (firstError) {
    firstError.focus();
  }
})();
