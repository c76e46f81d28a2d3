// Autosave that never loses text (templates/autosave/field.html holds the contract).
//
// Every element with `data-autosave` posts its own value(s) and the version it last
// saw (`#version-KEY`) through htmx; the answer goes to `#status-KEY`. This script
// keeps the version up to date, shows what happens in the status, retries with
// back-off when the network, the session, the CSRF token or the server fails, and
// wires the buttons of a version conflict. It never touches what the user typed,
// except when they choose "take theirs" in a conflict.
(function () {
  "use strict";

  var CSRF_URL = "/accounts/csrf/";
  var MAX_WAIT = 5000; // save at least this often while someone keeps typing
  var FIRST_DELAY = 1000;
  var MAX_DELAY = 30000;
  var SESSION_RETRY = 10000; // plus up to 5 s: until the user has logged in again
  var CSRF_TRIES = 3;
  // Statuses in which the text is not on the server and saving goes on by itself.
  var RETRYING = ["failed", "offline", "expired", "csrf"];

  // Dutch defaults; a page may carry translations in <template id="autosave-messages">
  // (templates/autosave/status.html#messages).
  var DEFAULT_MESSAGES = {
    saving: "opslaan…",
    failed: "niet opgeslagen — opnieuw proberen (over {seconds} s)",
    offline: "geen verbinding — wordt opnieuw geprobeerd (over {seconds} s)",
    retryNow: "nu opnieuw proberen",
    expired: "je sessie is verlopen —",
    login: "log opnieuw in (nieuw tabblad)",
    expiredAfter: "— je tekst blijft staan en wordt daarna vanzelf opgeslagen.",
    forbidden: "niet opgeslagen — geen rechten om dit te wijzigen",
    rejected: "niet opgeslagen (fout {status}) — kopieer je tekst en herlaad de pagina",
    tookTheirs: "versie van de ander overgenomen",
    partlyTheirs: "versie van de ander deels overgenomen — herlaad de pagina om alles te zien"
  };
  var messages = null;

  function msg(name, vars) {
    if (messages === null) {
      messages = {};
      var holder = document.getElementById("autosave-messages");
      var root = holder && (holder.content || holder);
      if (root) {
        root.querySelectorAll("[data-msg]").forEach(function (node) {
          messages[node.getAttribute("data-msg")] = node.textContent.trim();
        });
      }
    }
    var text = messages[name] || DEFAULT_MESSAGES[name];
    Object.keys(vars || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(vars[key]));
    });
    return text;
  }

  // --- fields ---------------------------------------------------------------

  var states = new WeakMap();
  var scheduled = new Set(); // fields waiting for a retry, for the countdown
  var ticker = null;

  function fieldOf(node) {
    return node && node.closest ? node.closest("[data-autosave]") : null;
  }

  function keyOf(el) {
    if (el.dataset.autosaveKey) return el.dataset.autosaveKey;
    var target = el.getAttribute("hx-target") || "";
    return target.indexOf("#status-") === 0 ? target.slice(8) : "";
  }

  function statusOf(el) {
    return document.getElementById("status-" + keyOf(el));
  }

  function versionOf(el) {
    return document.getElementById("version-" + keyOf(el));
  }

  function fieldForStatus(status) {
    var key = status && status.id ? status.id.replace(/^status-/, "") : null;
    var found = null;
    document.querySelectorAll("[data-autosave]").forEach(function (el) {
      if (!found && keyOf(el) === key) found = el;
    });
    return found;
  }

  function isControl(node) {
    return /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName);
  }

  // The controls whose values are posted: the element itself, or the controls named
  // "value" inside it (checkbox groups, lists of dates).
  function controlsOf(el) {
    if (isControl(el)) return [el];
    return Array.prototype.slice.call(
      el.querySelectorAll('input[name="value"], textarea[name="value"], select[name="value"]')
    );
  }

  function valuesOf(el, useDefaults) {
    var values = [];
    controlsOf(el).forEach(function (control) {
      if (control.disabled) return;
      if (control.type === "checkbox" || control.type === "radio") {
        if (useDefaults ? control.defaultChecked : control.checked) values.push(control.value);
      } else if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.options, function (option) {
          if (useDefaults ? option.defaultSelected : option.selected) values.push(option.value);
        });
        if (useDefaults && !control.multiple && values.length === 0 && control.options.length) {
          values.push(control.options[0].value);
        }
      } else {
        values.push(useDefaults ? control.defaultValue : control.value);
      }
    });
    return values;
  }

  function snapshot(el) {
    return JSON.stringify(valuesOf(el, false));
  }

  function state(el) {
    var st = states.get(el);
    if (!st) {
      // What the server rendered is what the server has (the default values);
      // anything typed before this script ran is therefore still "dirty".
      st = {
        saved: JSON.stringify(valuesOf(el, true)),
        sent: null,
        status: "idle",
        attempts: 0,
        csrfTries: 0,
        retryTimer: null,
        retryAt: 0,
        waitTimer: null,
        badResponse: false,
        inFlight: false,
        choice: 0, // raised by a choice in a conflict: older answers are stale then
        loginUrl: ""
      };
      states.set(el, st);
    }
    return st;
  }

  function isDirty(el) {
    return snapshot(el) !== state(el).saved;
  }

  function needsSaving(el) {
    var st = state(el);
    return isDirty(el) || st.status === "saving" || RETRYING.indexOf(st.status) >= 0;
  }

  // --- showing the status ---------------------------------------------------

  function show(el, kind, parts) {
    var status = statusOf(el);
    if (!status) return;
    var span = document.createElement("span");
    span.className = "autosave-" + kind;
    span.setAttribute("data-autosave-state", kind);
    (parts || []).forEach(function (part, index) {
      if (index > 0) span.appendChild(document.createTextNode(" "));
      span.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    status.replaceChildren(span);
  }

  function button(text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-link btn-sm p-0 align-baseline autosave-retry-now";
    b.setAttribute("data-autosave-action", action);
    b.textContent = text;
    return b;
  }

  function secondsLeft(st) {
    return Math.max(0, Math.ceil((st.retryAt - Date.now()) / 1000));
  }

  function render(el) {
    var st = state(el);
    if (st.status === "saving" || st.status === "dirty") {
      show(el, "saving", [msg("saving")]);
    } else if (st.status === "failed" || st.status === "offline") {
      show(el, st.status, [
        msg(st.status, { seconds: secondsLeft(st) }), button(msg("retryNow"), "retry")
      ]);
    } else if (st.status === "expired") {
      var link = document.createElement("a");
      var login = st.loginUrl || "/accounts/login/";
      link.href = login + (login.indexOf("?") < 0 ? "?next=/" : "");
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = msg("login");
      show(el, "expired", [msg("expired"), link, msg("expiredAfter")]);
    } else if (st.status === "forbidden") {
      show(el, "forbidden", [msg("forbidden")]);
    } else if (st.status === "rejected") {
      show(el, "rejected", [msg("rejected", { status: st.httpStatus })]);
    }
  }

  function tick() {
    scheduled.forEach(function (el) {
      var st = state(el);
      if (!document.body.contains(el) || st.retryTimer === null) {
        scheduled.delete(el);
      } else if (st.status === "failed" || st.status === "offline") {
        var counter = statusOf(el) && statusOf(el).querySelector("[data-autosave-state]");
        if (counter && counter.firstChild && counter.firstChild.nodeType === 3) {
          counter.firstChild.nodeValue = msg(st.status, { seconds: secondsLeft(st) });
        }
      }
    });
    if (scheduled.size === 0) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  // --- saving and retrying --------------------------------------------------

  function save(el) {
    var st = state(el);
    clearTimeout(st.retryTimer);
    st.retryTimer = null;
    scheduled.delete(el);
    if (!document.body.contains(el)) return;
    // No `changed` modifier on this trigger: a retry sends the same text again.
    htmx.trigger(el, "tso:retry");
  }

  function retryIn(el, ms) {
    var st = state(el);
    clearTimeout(st.retryTimer);
    st.retryAt = Date.now() + ms;
    st.retryTimer = setTimeout(function () { save(el); }, ms);
    scheduled.add(el);
    if (ticker === null) ticker = setInterval(tick, 1000);
  }

  function backOff(el, kind) {
    var st = state(el);
    st.attempts += 1;
    var base = Math.min(MAX_DELAY, FIRST_DELAY * Math.pow(2, st.attempts - 1));
    var delay = Math.min(MAX_DELAY, Math.round(base * (0.8 + Math.random() * 0.4)));
    st.status = kind;
    retryIn(el, delay);
    render(el);
  }

  // While someone keeps typing without a pause the debounce never fires: save anyway.
  function keepUp(el, ms) {
    var st = state(el);
    if (st.waitTimer !== null) return;
    st.waitTimer = setTimeout(function () {
      st.waitTimer = null;
      if ((st.status === "dirty" || st.status === "saved" || st.status === "idle") &&
          isDirty(el)) {
        save(el);
      }
    }, ms);
  }

  var csrfRequest = null;

  function freshCsrfToken() {
    if (csrfRequest === null) {
      csrfRequest = fetch(CSRF_URL, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (!response.ok || type.indexOf("text/plain") !== 0) throw new Error("no token");
          return response.text();
        })
        .then(function (token) {
          token = token.trim();
          if (!/^[A-Za-z0-9]{32,128}$/.test(token)) throw new Error("no token");
          var headers = {};
          try {
            headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
          } catch (error) {
            headers = {};
          }
          headers["x-csrftoken"] = token;
          document.body.setAttribute("hx-headers", JSON.stringify(headers));
          // Other forms on the page carry the old token too (Django reads it first).
          document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (input) {
            input.value = token;
          });
        })
        .finally(function () { csrfRequest = null; });
    }
    return csrfRequest;
  }

  function onCsrfFailure(el) {
    var st = state(el);
    st.csrfTries += 1;
    if (st.csrfTries > CSRF_TRIES) {
      backOff(el, "failed");
      return;
    }
    st.status = "csrf";
    freshCsrfToken().then(
      function () { save(el); },
      function () { backOff(el, "failed"); }
    );
  }

  function onSaved(el, target) {
    var st = state(el);
    var saved = target && target.querySelector('[data-autosave-state="saved"]');
    var version = versionOf(el);
    if (saved && version && saved.getAttribute("data-version") !== null) {
      version.value = saved.getAttribute("data-version");
    }
    st.saved = st.sent;
    st.attempts = 0;
    st.csrfTries = 0;
    if (isDirty(el)) {
      // Typed on while this request was under way: the next save follows.
      st.status = "dirty";
      render(el);
      keepUp(el, 1500);
    } else {
      st.status = "saved";
    }
  }

  function isStale(el, xhr) {
    return xhr && xhr.tsoChoice !== undefined && xhr.tsoChoice !== state(el).choice;
  }

  function retryAllWaiting() {
    document.querySelectorAll("[data-autosave]").forEach(function (el) {
      var st = states.get(el);
      if (st && RETRYING.indexOf(st.status) >= 0 && st.status !== "csrf") save(el);
    });
  }

  // --- htmx events ----------------------------------------------------------

  document.addEventListener("htmx:configRequest", function (event) {
    var el = event.detail.elt;
    if (!el.hasAttribute || !el.hasAttribute("data-autosave")) return;
    var st = state(el);
    var version = versionOf(el);
    // Built here, when the request really leaves (also when it waited in htmx's
    // queue): the newest text and the newest version, nothing from a surrounding form.
    var values = valuesOf(el, false);
    event.detail.parameters = { value: values, version: version ? version.value : "0" };
    st.sent = JSON.stringify(values);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail.elt;
    if (!el.hasAttribute || !el.hasAttribute("data-autosave")) return;
    var st = state(el);
    clearTimeout(st.retryTimer);
    st.retryTimer = null;
    scheduled.delete(el);
    clearTimeout(st.waitTimer);
    st.waitTimer = null;
    st.badResponse = false;
    st.inFlight = true;
    event.detail.xhr.tsoChoice = st.choice;
    if (st.status === "idle" || st.status === "saved" || st.status === "dirty" ||
        st.status === "saving") {
      st.status = "saving";
      render(el);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    // detail.elt is the target here; the field is the element that made the request.
    var el = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!el || !el.hasAttribute || !el.hasAttribute("data-autosave")) return;
    var xhr = event.detail.xhr;
    if (isStale(el, xhr)) {
      // Sent before the user chose in a conflict (the blur of the field sends it).
      event.detail.shouldSwap = false;
    } else if (event.detail.shouldSwap && xhr.responseText.indexOf("data-autosave-state") < 0) {
      // Not our answer (a login page, a proxy's error page): never swap it in.
      event.detail.shouldSwap = false;
      state(el).badResponse = true;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var el = event.detail.elt;
    if (!el.hasAttribute || !el.hasAttribute("data-autosave")) return;
    var st = state(el);
    var xhr = event.detail.xhr;
    var code = xhr.status;
    st.inFlight = false;
    // Status 0: htmx:sendError, htmx:timeout or htmx:sendAbort follows.
    if (code === 0 || isStale(el, xhr)) return;
    if (code >= 200 && code < 300 && !st.badResponse) {
      onSaved(el, event.detail.target);
    } else if (code === 401) {
      st.status = "expired";
      st.loginUrl = xhr.getResponseHeader("HX-Login-URL") || "";
      retryIn(el, SESSION_RETRY + Math.round(Math.random() * 5000));
      render(el);
    } else if (code === 403 && xhr.getResponseHeader("X-CSRF-Failure")) {
      onCsrfFailure(el);
    } else if (code === 403) {
      st.status = "forbidden";
      render(el);
    } else if (code === 409) {
      st.status = "conflict"; // the server's conflict partial is in the status now
    } else if (code === 422) {
      st.status = "invalid"; // the server's message is in the status now
    } else if (code >= 500 || code === 408 || code === 429 || st.badResponse) {
      backOff(el, "failed");
    } else {
      st.status = "rejected";
      st.httpStatus = code;
      render(el);
    }
  });

  function onNoAnswer(kind) {
    return function (event) {
      var el = event.detail.elt;
      if (!el.hasAttribute || !el.hasAttribute("data-autosave")) return;
      if (!document.body.contains(el) || isStale(el, event.detail.xhr)) return;
      backOff(el, kind);
    };
  }

  document.addEventListener("htmx:sendError", onNoAnswer("offline"));
  document.addEventListener("htmx:timeout", onNoAnswer("failed"));
  document.addEventListener("htmx:sendAbort", onNoAnswer("failed"));

  // --- typing, buttons, leaving ---------------------------------------------

  // Fields saved while typing (debounced); others (dates, choices) save on "change".
  function typesText(el) {
    return el.tagName === "TEXTAREA" ||
      (el.tagName === "INPUT" && /^(text|search|email|url|tel|number)$/.test(el.type));
  }

  function onEdit(event) {
    var el = fieldOf(event.target);
    if (!el || !typesText(el)) return;
    var st = state(el);
    if ((st.status === "idle" || st.status === "saved") && isDirty(el)) {
      st.status = "dirty";
      render(el);
    }
    if (st.status === "dirty" || st.status === "saving") keepUp(el, MAX_WAIT);
  }

  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  function setValues(el, values) {
    var controls = controlsOf(el);
    var fits = true;
    if (controls.every(function (c) { return c.type === "checkbox" || c.type === "radio"; })) {
      controls.forEach(function (c) { c.checked = values.indexOf(c.value) >= 0; });
    } else if (controls.length === 1 && controls[0].tagName === "SELECT" &&
               controls[0].multiple) {
      Array.prototype.forEach.call(controls[0].options, function (option) {
        option.selected = values.indexOf(option.value) >= 0;
      });
    } else {
      controls.forEach(function (c, index) { c.value = index < values.length ? values[index] : ""; });
      fits = values.length <= controls.length;
    }
    return fits;
  }

  function theirValues(conflict) {
    var raw = conflict.getAttribute("data-theirs");
    if (raw !== null) {
      var parsed = JSON.parse(raw);
      return (Array.isArray(parsed) ? parsed : [parsed]).map(function (v) {
        return v === null ? "" : String(v);
      });
    }
    var theirs = conflict.querySelector(".autosave-theirs");
    return [theirs ? theirs.value : ""];
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-conflict], [data-autosave-action]");
    if (!target) return;
    var status = target.closest('[id^="status-"]');
    var el = fieldForStatus(status);
    if (!el) return;
    var st = state(el);
    if (target.getAttribute("data-autosave-action") === "retry") {
      save(el);
      return;
    }
    var conflict = target.closest('[data-autosave-state="conflict"]');
    var version = versionOf(el);
    if (!conflict || !version) return;
    version.value = conflict.getAttribute("data-version");
    st.choice += 1;
    if (target.getAttribute("data-conflict") === "keep-mine") {
      st.status = "saving";
      render(el);
      save(el);
    } else if (target.getAttribute("data-conflict") === "take-theirs") {
      var fits = setValues(el, theirValues(conflict));
      st.saved = snapshot(el);
      st.status = "saved";
      show(el, "saved", [msg(fits ? "tookTheirs" : "partlyTheirs")]);
    }
    // The buttons are gone now; the keyboard user goes on in the field.
    var focusable = isControl(el) ? el : controlsOf(el)[0];
    if (focusable) focusable.focus();
  });

  // Another htmx request is about to replace a part of the page (skipping a prompt):
  // first save the fields in it that still have unsaved text, then let it go. If
  // saving fails the request waits, so that the text stays on screen.
  document.addEventListener("htmx:confirm", function (event) {
    var detail = event.detail;
    if (!detail.target || !detail.elt || fieldOf(detail.elt)) return;
    var style = detail.elt.getAttribute("hx-swap") || "innerHTML";
    if (!/^(outerHTML|innerHTML)/.test(style)) return;
    var pending = Array.prototype.filter.call(
      detail.target.querySelectorAll("[data-autosave]"),
      function (el) { return needsSaving(el); }
    );
    if (detail.target.matches("[data-autosave]") && needsSaving(detail.target)) {
      pending.push(detail.target);
    }
    if (pending.length === 0) return;
    event.preventDefault();
    pending.forEach(function (el) {
      if (state(el).status !== "saving") save(el);
    });
    var started = Date.now();
    var wait = setInterval(function () {
      var busy = pending.filter(function (el) {
        var st = state(el);
        return document.body.contains(el) && needsSaving(el) &&
          (st.inFlight || st.status === "csrf" || st.status === "dirty");
      });
      if (busy.length > 0 && Date.now() - started < 20000) return;
      clearInterval(wait);
      var unsaved = pending.filter(function (el) { return needsSaving(el); });
      if (unsaved.length === 0) {
        detail.issueRequest(true);
      } else {
        // Not now: show the field whose status says why (a conflict, no connection).
        var control = isControl(unsaved[0]) ? unsaved[0] : controlsOf(unsaved[0])[0];
        if (control) control.focus();
      }
    }, 100);
  });

  window.addEventListener("online", retryAllWaiting);

  // Back from logging in in the other tab: try at once rather than at the next tick.
  var lastFocusRetry = 0;
  function onReturn() {
    if (document.visibilityState === "hidden" || Date.now() - lastFocusRetry < 2000) return;
    lastFocusRetry = Date.now();
    retryAllWaiting();
  }
  window.addEventListener("focus", onReturn);
  document.addEventListener("visibilitychange", onReturn);

  window.addEventListener("beforeunload", function (event) {
    var unsaved = false;
    document.querySelectorAll("[data-autosave]").forEach(function (el) {
      if (!unsaved && states.has(el) && needsSaving(el)) unsaved = true;
      if (!unsaved && !states.has(el) && isDirty(el)) unsaved = true;
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = ""; // older browsers
    }
  });

  // Fields that arrive later (an added prompt) get their state on first sight; text
  // typed before this script ran is saved now.
  function init(root) {
    var found = root.matches && root.matches("[data-autosave]") ? [root] : [];
    if (root.querySelectorAll) {
      found = found.concat(Array.prototype.slice.call(root.querySelectorAll("[data-autosave]")));
    }
    found.forEach(function (el) {
      if (states.has(el)) return;
      state(el);
      if (isDirty(el)) {
        state(el).status = "dirty";
        render(el);
        keepUp(el, 200);
      }
    });
  }

  document.addEventListener("htmx:load", function (event) { init(event.target); });
  if (document.readyState !== "loading") init(document);
  else document.addEventListener("DOMContentLoaded", function () { init(document); });
})();
