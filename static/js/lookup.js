/* Pickers: a text field marked data-lookup="units" or data-lookup="people" becomes an
   accessible combobox (WAI-ARIA 1.2, list autocomplete) that suggests matches in the viewer's
   scope as they type; choosing one writes its code (or NRP/NIP) into the field. Without
   JavaScript the field still takes a typed code. Served from static/ (no inline script). */
(function () {
  "use strict";
  var script = document.currentScript;
  var urls = { units: script.dataset.unitsUrl, people: script.dataset.peopleUrl };
  var texts = { none: script.dataset.none || "", count: script.dataset.count || "%n" };
  // The suggestion lists get a name of their own, so the field's label names only the field.
  var names = { units: script.dataset.unitsName || "", people: script.dataset.peopleName || "" };
  var counter = 0;

  function setup(input) {
    var url = urls[input.dataset.lookup];
    if (!url) return;
    var id = "lookup-list-" + (++counter);
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    list.id = id;
    list.className = "dropdown-menu lookup-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", names[input.dataset.lookup]);
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.classList.add("position-relative");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function close() {
      list.classList.remove("show");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      input.value = item.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render() {
      list.textContent = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = id + "-" + i;
        option.className = "dropdown-item text-wrap";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        if (item.hint) {
          var hint = document.createElement("div");
          hint.className = "small text-body-secondary";
          hint.textContent = item.hint;
          option.appendChild(hint);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          choose(i);
        });
        list.appendChild(option);
      });
      if (!items.length) {
        var empty = document.createElement("li");
        empty.className = "dropdown-item-text text-body-secondary";
        empty.textContent = texts.none;
        list.appendChild(empty);
      }
      status.textContent = items.length ? texts.count.replace("%n", items.length) : texts.none;
      list.classList.add("show");
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) {
        close();
        return;
      }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          if (ticket !== latest || document.activeElement !== input) return;
          items = body.items || [];
          render();
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var open = list.classList.contains("show");
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { search(); return; }
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    // typed into before this script ran (a slow connection): offer for what is there
    if (document.activeElement === input) { search(); }
  }

  document.querySelectorAll("input[data-lookup]").forEach(setup);
})();
