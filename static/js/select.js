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
      // Filter as each character arrives. tom-select's default waits 300 ms, and a filter still
      // pending when an option is chosen reopens the list afterwards, over the fields (and the
      // button) below: the next click then picks another option instead.
      refreshThrottle: 0,
      // One choice at a time ("逐个选中"): the list closes on a choice, multiple pickers too, so it
      // never lies over the fields and the button below; typing the next name opens it again.
      closeAfterSelect: true,
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
