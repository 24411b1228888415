/* «Forhåndsvis» under a text written in Markdown (the markdown_field macro in
   app/templates/_macros/forms.html): sends the text as it stands to the server, which answers with
   the same sanitised HTML the page will show (app/core/markdown.py), and shows it under the field.
   Nothing is saved. Without JavaScript the button stays hidden and the form works as before. */
(function () {
  "use strict";

  document.querySelectorAll("button[data-preview-for]").forEach(function (button) {
    var field = document.getElementById(button.dataset.previewFor);
    var out = document.getElementById(button.getAttribute("aria-controls"));
    if (!field || !out) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("text", field.value);
      fetch(button.dataset.previewUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": button.dataset.csrf },
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (html) {
        if (html.trim()) { out.innerHTML = html; } else { out.textContent = button.dataset.empty; }  // sanitised by the server
        out.hidden = false;
      }).catch(function () {
        out.textContent = button.dataset.error;
        out.hidden = false;
      });
    });
  });
})();
