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
  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  var firstError = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea");
  if (firstError) {
    firstError.focus();
  }
})();
