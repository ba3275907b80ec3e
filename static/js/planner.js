// Cycle planner: proposing or publishing may take a few seconds at national scale. While
// the request runs, disable the button and show "Sedang memproses…" so nobody clicks twice
// or thinks nothing happened. Without JavaScript the forms simply submit.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
      var status = form.querySelector("[data-busy-status]");
      if (status) { status.hidden = false; }
      document.body.setAttribute("aria-busy", "true");
    });
  });
})();
