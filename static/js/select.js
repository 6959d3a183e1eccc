/* Searchable selects (tom-select, vendored in static/vendor/tom-select): type a name, its pinyin
   initials ("cdb") or full pinyin. Without JavaScript the plain <select> still works. */
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") { return; }
  document.querySelectorAll("select[data-searchable]").forEach(function (el) {
    var multiple = el.multiple;
    new window.TomSelect(el, {
      searchField: ["text", "pinyin"],
      plugins: multiple ? ["remove_button"] : [],
      maxOptions: 500,
      allowEmptyOption: !multiple,
      hidePlaceholder: true,
      placeholder: el.getAttribute("data-placeholder") || "",
      render: {
        no_results: function () { return '<div class="no-results">' + (el.getAttribute("data-no-results") || "—") + "</div>"; }
      },
      onItemAdd: function () { if (multiple) { this.setTextboxValue(""); this.refreshOptions(false); } }
    });
  });
})();
