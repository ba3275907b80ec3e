// Projector page: count down to the next code and fetch the new QR and typed code.
(function () {
  var box = document.getElementById("projector");
  if (!box) { return; }
  var qr = document.getElementById("qr");
  var code = document.getElementById("short-code");
  var countdown = document.getElementById("countdown");
  var left = parseInt(countdown.textContent, 10) || 30;
  var timer = null;
  // The session ended, was signed off or cancelled: no live-looking code stays on screen.
  function close(message) {
    clearInterval(timer);
    qr.replaceChildren();
    code.textContent = "—";
    countdown.parentNode.textContent = message;
  }
  function refresh() {
    fetch(box.dataset.feed, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { left = 5; return; }
        if (data.closed) { close(data.message); return; }
        qr.innerHTML = data.svg;
        code.textContent = data.code;
        left = data.seconds_left;
        countdown.textContent = left;
      })
      .catch(function () { left = 5; });
  }
  timer = setInterval(function () {
    left -= 1;
    if (left <= 0) { refresh(); left = 30; }
    countdown.textContent = Math.max(left, 0);
  }, 1000);
})();
