// Survey pages: move focus to the error summary after a failed submit, so screen-reader and
// keyboard users start where the problems are listed. (No inline scripts: the CSP forbids them.)
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
