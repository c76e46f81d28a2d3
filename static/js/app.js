// Site-wide htmx feedback: when an inline change cannot be saved, say so
// instead of silently doing nothing. (htmx does not swap error responses.)
(function () {
  "use strict";

  function showAlert(text, linkText, linkHref) {
    var main = document.getElementById("main");
    if (!main) return;
    var old = document.getElementById("htmx-alert");
    if (old) old.remove();
    var alert = document.createElement("div");
    alert.id = "htmx-alert";
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = text + " ";
    if (linkText) {
      var link = document.createElement("a");
      link.href = linkHref;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = linkText;
      alert.appendChild(link);
    }
    main.prepend(alert);
  }

  // Autosaved fields show their own status and retry (static/js/autosave.js).
  function isAutosave(event) {
    var elt = event.detail && event.detail.elt;
    return !!(elt && elt.closest && elt.closest("[data-autosave]"));
  }

  document.addEventListener("htmx:responseError", function (event) {
    if (isAutosave(event)) return;
    var xhr = event.detail.xhr;
    if (xhr.status === 401) {
      var login = xhr.getResponseHeader("HX-Login-URL") || "/accounts/login/";
      showAlert("Je sessie is verlopen; de wijziging is niet opgeslagen.",
        "Log opnieuw in (nieuw tabblad) en probeer het dan nog eens.", login);
    } else if (xhr.status === 403) {
      showAlert("Je hebt geen rechten voor deze wijziging.");
    } else if (xhr.status >= 500) {
      showAlert("Er ging iets mis bij het opslaan. Probeer het over een paar minuten opnieuw.");
    } else if (xhr.status === 400 && !xhr.responseText) {
      showAlert("Deze wijziging kon niet worden opgeslagen.");
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (isAutosave(event)) return;
    showAlert("Geen verbinding: de wijziging is niet opgeslagen. Controleer je netwerk en probeer het opnieuw.");
  });
})();
