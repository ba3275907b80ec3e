// Quiz page: each answer is posted as it is given (JSON, CSRF in X-CSRFToken) and marked
// "saved"; the countdown runs from the server's seconds left and, at zero, stops taking
// answers (the server refuses them anyway). Without script the form's "Simpan jawaban"
// button saves every answer at once.
(function () {
  var form = document.getElementById("quiz-form");
  if (!form) { return; }
  var token = form.querySelector("input[name=csrf_token]").value;
  var status = document.getElementById("quiz-status");
  var clock = document.getElementById("quiz-clock");
  var left = parseInt(form.dataset.secondsLeft, 10) || 0;
  var endsAt = Date.now() + left * 1000;

  function say(template, n, error) {
    status.textContent = template.replace("%n", n).replace("%e", error || "");
  }

  function valueOf(box) {
    var kind = box.dataset.kind;
    if (kind === "short") { return box.querySelector("input").value; }
    if (kind === "multiple") {
      return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) {
        return parseInt(i.value, 10);
      });
    }
    if (kind === "matching") {
      var pairs = {};
      box.querySelectorAll("select").forEach(function (select, i) {
        if (select.value) { pairs[String(i)] = select.value; }
      });
      return pairs;
    }
    var chosen = box.querySelector("input:checked");
    return chosen ? parseInt(chosen.value, 10) : null;
  }

  function save(box) {
    var n = parseInt(box.dataset.position, 10) + 1;
    var mark = box.querySelector("[data-role=saved]");
    var value = valueOf(box);
    if (value === null) { return; }
    mark.textContent = "";
    fetch(form.dataset.answerUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json"},
      body: JSON.stringify({position: n - 1, value: value})
    }).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    }).then(function (result) {
      if (result.ok) {
        mark.textContent = mark.dataset.text || "✓";
        say(form.dataset.saved, n);
      } else {
        say(form.dataset.failed, n, result.data.error);
      }
      if (typeof result.data.seconds_left === "number") {
        endsAt = Date.now() + result.data.seconds_left * 1000;
      }
    }).catch(function () { say(form.dataset.offline, n); });
  }

  // An answer given before this script ran (a slow connection) or put back by the browser
  // (back button, reload) differs from what the server rendered: it is saved now.
  function changedSinceRendered(box) {
    var inputs = Array.prototype.some.call(box.querySelectorAll("input"), function (i) {
      if (i.type === "radio" || i.type === "checkbox") { return i.checked !== i.defaultChecked; }
      return i.type === "text" && i.value !== i.defaultValue;
    });
    return inputs || Array.prototype.some.call(box.querySelectorAll("select"), function (s) {
      var rendered = Array.prototype.find.call(s.options, function (o) { return o.defaultSelected; });
      return s.value !== (rendered || s.options[0]).value;
    });
  }

  form.querySelectorAll("fieldset[data-position]").forEach(function (box) {
    var mark = box.querySelector("[data-role=saved]");
    mark.dataset.text = form.dataset.savedMark;
    var timer = null;
    box.addEventListener("change", function () { save(box); });
    box.addEventListener("input", function (event) {
      if (event.target.type !== "text") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { save(box); }, 800);
    });
    if (left > 0 && changedSinceRendered(box)) { save(box); }
  });

  function tick() {
    var seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    clock.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
    if (seconds === 0) {
      status.textContent = form.dataset.timeout;
      form.querySelectorAll("fieldset[data-position]").forEach(function (box) { box.disabled = true; });
      document.getElementById("quiz-save").disabled = true;
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
