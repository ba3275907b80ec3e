// Copy the calendar feed URL: a button with data-copy-target="#id" copies that input's value.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.querySelector(button.dataset.copyTarget);
    input.select();
    var done = function () { button.textContent = button.dataset.copiedLabel; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
});
