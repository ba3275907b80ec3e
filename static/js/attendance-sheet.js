// Roll call sheet: "Tandai semua hadir" fills the unmarked rows before saving (without JS
// the button posts a flag and the server does the same), and the sheet refreshes itself
// every 5 seconds from sheet.json, updating only the rows the trainer has not touched.
(function () {
  var sheet = document.getElementById("roll-call");
  if (!sheet) { return; }
  var touched = {};
  function rendered(select) {
    var chosen = Array.prototype.find.call(select.options, function (o) { return o.defaultSelected; });
    return (chosen || select.options[0] || {value: ""}).value;
  }
  sheet.querySelectorAll("[data-role=status]").forEach(function (select) {
    var person = select.closest("[data-person]").dataset.person;
    select.addEventListener("change", function () { touched[person] = true; });
    // chosen before this script ran (a slow connection): the trainer's, not the server's
    if (select.value !== rendered(select)) { touched[person] = true; }
  });
  var allButton = document.getElementById("mark-all-present");
  if (allButton) {
    allButton.addEventListener("click", function () {
      sheet.querySelectorAll("[data-role=status]").forEach(function (select) {
        if (!select.value) { select.value = "hadir"; }
      });
    });
  }
  function apply(marks) {
    sheet.querySelectorAll("[data-person]").forEach(function (row) {
      var id = row.dataset.person;
      var mark = marks[id];
      if (!mark || touched[id]) { return; }
      var select = row.querySelector("[data-role=status]");
      if (select && select.value !== mark.status) { select.value = mark.status; }
      var text = row.querySelector("[data-role=status-text]");
      if (text && mark.status_label) { text.textContent = mark.status_label; }
      var info = row.querySelector("[data-role=checkin]");
      if (info && mark.checked_in_label) {
        info.textContent = mark.method_label + " " + mark.checked_in_label;
      }
    });
  }
  function poll() {
    fetch(sheet.dataset.feed, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { apply(data.marks); } })
      .catch(function () {});
  }
  setInterval(poll, 5000);
})();
