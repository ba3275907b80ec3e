// Session form: show only the repeat fields that fit the chosen frequency and end, and
// reload the trainer picker when the course or audience changes. Without JavaScript every
// field stays visible and the "Perbarui daftar pelatih" button does the reload.
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) { return; }
  var freq = form.querySelector("[name=freq]");
  var ends = form.querySelector("[name=ends]");

  function toggle() {
    var f = freq ? freq.value : "none";
    form.querySelectorAll("[data-repeat]").forEach(function (el) {
      el.hidden = el.getAttribute("data-repeat").split(" ").indexOf(f) < 0;
    });
    var e = ends ? ends.value : "count";
    form.querySelectorAll("[data-ends]").forEach(function (el) {
      el.hidden = el.getAttribute("data-ends") !== e;
    });
  }

  if (freq) { freq.addEventListener("change", toggle); }
  if (ends) { ends.addEventListener("change", toggle); }
  toggle();

  var refresh = document.getElementById("refresh-trainers");
  form.querySelectorAll("[data-refresh]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (refresh && form.requestSubmit) { form.requestSubmit(refresh); }
    });
  });
})();
