// The workshop board: capture in a few keystrokes, and lose nothing when the Wi-Fi drops.
//
// What is being typed is kept in localStorage on every keystroke; a saved item joins a queue
// kept there too, shows at the top of the list marked "Not saved yet" and is sent in order,
// each with a key of its own so that sending it twice saves it once. The list asks the
// server every few seconds for what others added. Without this file the capture bar is a
// plain form and every save is a page load.
(function () {
  "use strict";

  var POLL_MS = 5000;
  var RETRY_MS = 10000;
  var TIMEOUT_MS = 20000;

  function ready(start) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  function load(key, fallback) {
    try {
      var stored = window.localStorage.getItem(key);
      return stored ? JSON.parse(stored) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or blocked: the queue still lives in this page until it is sent.
    }
  }

  // A random UUID; crypto.randomUUID exists only on https (and localhost), and a venue's
  // laptop may reach the app by a plain address.
  function newKey() {
    var cryptography = window.crypto;
    if (cryptography && typeof cryptography.randomUUID === "function") {
      return cryptography.randomUUID();
    }
    var bytes = new Uint8Array(16);
    if (cryptography && cryptography.getRandomValues) {
      cryptography.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function request(url, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = null;
    if (controller) {
      options.signal = controller.signal;
      timer = window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    }
    options.credentials = "same-origin";
    return window.fetch(url, options).then(
      function (response) { window.clearTimeout(timer); return response; },
      function (error) { window.clearTimeout(timer); throw error; }
    );
  }

  // Elements from a piece of the server's HTML (our own, already escaped).
  function fragment(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content;
  }

  function shorten(text, length) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length <= length ? text : text.slice(0, length - 1) + "…";
  }

  ready(function () {
    var form = document.getElementById("board-capture");
    var list = document.getElementById("board-items");
    var template = document.getElementById("board-pending");
    if (!form || !list || !template) return;

    var statusBox = document.getElementById("board-status");
    var problem = document.getElementById("board-problem");
    var text = form.elements.namedItem("text");
    var challengeSelect = form.elements.namedItem("challenge_id");
    var themeSelect = form.elements.namedItem("theme_id");
    var queueKey = form.dataset.storage + ":queue";
    var draftKey = form.dataset.storage + ":draft";
    var itemsUrl = form.dataset.itemsUrl;

    var queue = load(queueKey, []);
    var sending = false;
    var polling = false;
    // Why the last attempt failed: "network", "server", "login" or null.
    var trouble = null;

    // --- Small helpers --------------------------------------------------------------------

    function kind() {
      var checked = form.querySelector('input[name="kind"]:checked');
      return checked ? checked.value : "challenge";
    }

    function setKind(value) {
      var radio = form.querySelector('input[name="kind"][value="' + value + '"]');
      if (radio) radio.checked = true;
      showKindFields();
    }

    function kindLabel(value) {
      var radio = form.querySelector('input[name="kind"][value="' + value + '"]');
      var label = radio && radio.labels && radio.labels[0];
      return label ? label.textContent.trim() : value;
    }

    function showKindFields() {
      var current = kind();
      form.querySelectorAll("[data-for-kind]").forEach(function (box) {
        box.hidden = box.dataset.forKind !== current;
      });
    }

    function token() {
      var field = form.elements.namedItem("csrf_token");
      return field ? field.value : "";
    }

    function slot(card, name) {
      return card.querySelector('[data-slot="' + name + '"]');
    }

    function saveQueue() {
      store(queueKey, queue);
    }

    function inQueue(key) {
      for (var i = 0; i < queue.length; i += 1) if (queue[i].key === key) return queue[i];
      return null;
    }

    function dropFromQueue(key) {
      queue = queue.filter(function (item) { return item.key !== key; });
      saveQueue();
    }

    function pendingCard(key) {
      return list.querySelector('li.pending[data-key="' + key + '"]');
    }

    function selectedLabel(select) {
      var option = select && select.options[select.selectedIndex];
      return option && option.value ? option.textContent : "";
    }

    function say(message) {
      problem.textContent = message || "";
      problem.hidden = !message;
    }

    // --- What is being typed ---------------------------------------------------------------

    function saveDraft() {
      store(draftKey, {
        kind: kind(),
        text: text.value,
        challenge: challengeSelect ? challengeSelect.value : "",
        theme: themeSelect ? themeSelect.value : "",
      });
    }

    function choose(select, value) {
      if (!select || !value) return;
      for (var i = 0; i < select.options.length; i += 1) {
        var option = select.options[i];
        if (option.value === value || (option.dataset.key && "key:" + option.dataset.key === value)) {
          select.selectedIndex = i;
          return;
        }
      }
    }

    function restoreDraft() {
      var draft = load(draftKey, null);
      if (!draft) return;
      if (draft.kind) setKind(draft.kind);
      choose(challengeSelect, draft.challenge);
      choose(themeSelect, draft.theme);
      if (draft.text && !text.value) text.value = draft.text;
    }

    // --- The challenges a solution can answer ----------------------------------------------

    function addChallengeOption(value, label, key, selected) {
      if (!challengeSelect) return;
      var option = document.createElement("option");
      option.value = value;
      option.textContent = shorten(label, 90);
      if (key) option.dataset.key = key;
      // Newest first, after "Choose a challenge".
      var first = challengeSelect.options[0];
      var anchor = first && first.value === "" ? first.nextSibling : first;
      challengeSelect.insertBefore(option, anchor || null);
      if (selected) challengeSelect.value = value;
    }

    function knowChallenge(card, selected) {
      if (!challengeSelect || card.dataset.kind !== "challenge") return;
      var key = card.dataset.key;
      var options = challengeSelect.options;
      for (var i = 0; i < options.length; i += 1) {
        if (options[i].value === card.dataset.id) return;
        if (key && options[i].dataset.key === key) {
          // The challenge that was waiting in the queue is saved: its option takes its id.
          var wasChosen = challengeSelect.selectedIndex === i;
          options[i].value = card.dataset.id;
          options[i].textContent = shorten(card.dataset.label || "", 90);
          if (wasChosen) challengeSelect.selectedIndex = i;
          return;
        }
      }
      addChallengeOption(card.dataset.id, card.dataset.label || "", key, selected);
    }

    function forgetChallengeOption(key) {
      if (!challengeSelect) return;
      var option = challengeSelect.querySelector('option[data-key="' + key + '"]');
      if (option && option.value.indexOf("key:") === 0) option.remove();
    }

    // --- Cards -----------------------------------------------------------------------------

    function showState(card, item) {
      var state = slot(card, "state");
      var refused = item.state === "refused";
      state.textContent = refused ? state.dataset.refused : state.dataset.pending;
      card.classList.toggle("refused", refused);
      var why = slot(card, "problem");
      why.textContent = refused ? item.message || "" : "";
      why.hidden = !refused;
      slot(card, "actions").hidden = !refused;
      slot(card, "busy").hidden = true;
    }

    function makePendingCard(item) {
      var card = template.content.firstElementChild.cloneNode(true);
      card.dataset.key = item.key;
      card.classList.add("kind-" + item.kind);
      slot(card, "kind").textContent = kindLabel(item.kind);
      slot(card, "text").textContent = item.text;
      slot(card, "name").textContent = " " + shorten(item.text, 60);
      var about = slot(card, "about");
      if (item.kind === "solution" && item.challengeLabel) {
        about.textContent = (about.dataset.answers || "{challenge}").replace("{challenge}", item.challengeLabel);
        about.hidden = false;
      }
      showState(card, item);
      return card;
    }

    // New server cards go below the ones still waiting: those are the newest of all.
    function firstSavedCard() {
      return list.querySelector(":scope > li:not(.pending)");
    }

    function activate(card) {
      if (window.htmx) window.htmx.process(card);
    }

    function cardsIn(html) {
      return Array.prototype.filter.call(fragment(html).children, function (node) {
        return node.tagName === "LI" && node.id;
      });
    }

    function placeSaved(card, item) {
      var waiting = pendingCard(item.key);
      if (document.getElementById(card.id)) {
        // The list's polling brought it first.
        if (waiting) waiting.remove();
      } else if (waiting) {
        waiting.replaceWith(card);
        activate(card);
      } else {
        list.insertBefore(card, firstSavedCard());
        activate(card);
      }
      knowChallenge(card, false);
    }

    function addPolled(html) {
      var anchor = firstSavedCard();
      cardsIn(html).forEach(function (card) {
        if (document.getElementById(card.id)) return;
        var key = card.dataset.key;
        var waiting = key ? pendingCard(key) : null;
        if (waiting) {
          // Saved by an earlier attempt whose answer never arrived.
          waiting.replaceWith(card);
          dropFromQueue(key);
        } else {
          list.insertBefore(card, anchor);
        }
        activate(card);
        knowChallenge(card, false);
      });
      updateStatus();
    }

    // --- The banner ------------------------------------------------------------------------

    function updateStatus() {
      if (!statusBox) return;
      var messages = statusBox.dataset;
      var waiting = queue.filter(function (item) { return item.state !== "refused"; }).length;
      var refused = queue.length - waiting;
      var offline = trouble === "network" || navigator.onLine === false;
      var message;
      var look;
      if (trouble === "login") {
        message = messages.loggedOut;
        look = "offline";
      } else if (offline) {
        if (waiting === 0) message = messages.offlineNone;
        else if (waiting === 1) message = messages.offlineOne;
        else message = messages.offlineMany.replace("{count}", String(waiting));
        look = "offline";
      } else if (waiting) {
        message = trouble === "server" ? messages.retry : messages.sending;
        look = trouble === "server" ? "offline" : "sending";
      } else if (!refused) {
        message = messages.saved;
        look = "saved";
      }
      if (refused) {
        message = message ? message + " " + messages.refused : messages.refused;
        look = look || "refused";
      }
      statusBox.hidden = false;
      statusBox.className = "board-status " + look;
      // Set only when it changes: a live region reads out every change.
      if (statusBox.textContent !== message) statusBox.textContent = message;
    }

    // --- Sending the queue -----------------------------------------------------------------

    function messageOf(html) {
      var content = fragment(html);
      var problems = content.querySelectorAll(".board-refusal li");
      var texts = problems.length
        ? Array.prototype.map.call(problems, function (li) { return li.textContent.trim(); })
        : [content.textContent.trim()];
      return shorten(texts.join(" "), 400);
    }

    function send(item) {
      var body = new URLSearchParams();
      body.set("csrf_token", token());
      body.set("kind", item.kind);
      body.set("text", item.text);
      body.set("client_key", item.key);
      if (item.challenge) body.set("challenge_id", item.challenge);
      if (item.theme) body.set("theme_id", item.theme);
      return request(form.action, {
        method: "POST",
        body: body,
        // HX-Request: the answer is the card alone, as for htmx.
        headers: { "X-CSRFToken": token(), "HX-Request": "true" },
      }).then(
        function (response) {
          return response.text().then(function (html) {
            if (response.ok) {
              trouble = null;
              dropFromQueue(item.key);
              var card = cardsIn(html)[0];
              if (card) placeSaved(card, item);
              else if (pendingCard(item.key)) pendingCard(item.key).remove();
              return "done";
            }
            if (response.status === 401) {
              trouble = "login";
              return "wait";
            }
            if (response.status >= 500 || response.status === 408 || response.status === 429) {
              trouble = "server";
              return "wait";
            }
            // Refused (a mistake in it): kept, with the server's reason, to be corrected.
            trouble = null;
            item.state = "refused";
            item.message = messageOf(html);
            saveQueue();
            var waiting = pendingCard(item.key);
            if (waiting) showState(waiting, item);
            if (item.kind === "challenge") forgetChallengeOption(item.key);
            return "done";
          });
        },
        function () {
          trouble = "network";
          return "wait";
        }
      );
    }

    function flush() {
      if (sending) return;
      var next = null;
      for (var i = 0; i < queue.length; i += 1) {
        if (queue[i].state !== "refused") { next = queue[i]; break; }
      }
      if (!next || navigator.onLine === false) {
        updateStatus();
        return;
      }
      sending = true;
      updateStatus();
      send(next).then(function (outcome) {
        sending = false;
        if (outcome === "done") flush();
        else updateStatus();
      });
    }

    function capture() {
      var value = text.value.trim();
      var current = kind();
      if (!value) {
        say(problem.dataset.empty);
        text.focus();
        return;
      }
      if (current === "solution" && (!challengeSelect || !challengeSelect.value)) {
        say(problem.dataset.noChallenge);
        if (challengeSelect) challengeSelect.focus();
        return;
      }
      say("");
      var item = {
        key: newKey(),
        kind: current,
        text: value,
        challenge: current === "solution" ? challengeSelect.value : "",
        challengeLabel: current === "solution" ? selectedLabel(challengeSelect) : "",
        theme: current === "challenge" && themeSelect ? themeSelect.value : "",
        state: "queued",
      };
      queue.push(item);
      saveQueue();
      list.insertBefore(makePendingCard(item), list.firstChild);
      if (current === "challenge") {
        addChallengeOption("key:" + item.key, value, item.key, true);
      }
      text.value = "";
      saveDraft();
      text.focus();
      flush();
    }

    // --- Polling for what others add ------------------------------------------------------

    function cursor() {
      var last = { challenge: 0, solution: 0, note: 0 };
      list.querySelectorAll(":scope > li[data-id]").forEach(function (card) {
        var id = parseInt(card.dataset.id, 10);
        if (id > (last[card.dataset.kind] || 0)) last[card.dataset.kind] = id;
      });
      return "challenge:" + last.challenge + ",solution:" + last.solution + ",note:" + last.note;
    }

    function poll() {
      if (polling || navigator.onLine === false) return;
      polling = true;
      list.setAttribute("aria-busy", "true");
      function done() {
        polling = false;
        list.removeAttribute("aria-busy");
        // When the list was last brought up to date (the browser tests wait for it).
        list.dataset.refreshed = new Date().toISOString();
        updateStatus();
      }
      request(itemsUrl + "?after=" + encodeURIComponent(cursor()), {
        headers: { "HX-Request": "true" },
      }).then(
        function (response) {
          if (response.status === 401) trouble = "login";
          if (!response.ok) return null;
          if (trouble === "network" || trouble === "login") trouble = null;
          return response.text().then(addPolled);
        },
        function () { trouble = "network"; }
      ).then(done, done);
    }

    // --- Wiring ----------------------------------------------------------------------------

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      capture();
    });
    text.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      if (event.altKey || event.metaKey) return;
      event.preventDefault();
      capture();
    });
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") {
        showKindFields();
        say("");
      }
      saveDraft();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest('[data-action="restore"]');
      if (!button) return;
      var card = button.closest("li");
      var item = inQueue(card.dataset.key);
      if (!item) return;
      if (text.value.trim()) {
        slot(card, "busy").hidden = false;
        return;
      }
      setKind(item.kind);
      choose(challengeSelect, item.challenge);
      choose(themeSelect, item.theme);
      text.value = item.text;
      dropFromQueue(item.key);
      card.remove();
      saveDraft();
      updateStatus();
      text.focus();
    });
    window.addEventListener("online", function () {
      if (trouble === "network") trouble = null;
      flush();
      poll();
    });
    window.addEventListener("offline", function () {
      trouble = "network";
      updateStatus();
    });

    // The page as it was left: the waiting items (a refused one is tried once more, in
    // case it failed for a reason a reload cures, such as an expired log-in), their
    // challenges, and the draft.
    queue.forEach(function (item) {
      if (item.state === "refused") item.state = "queued";
      list.insertBefore(makePendingCard(item), list.firstChild);
      if (item.kind === "challenge" && item.state !== "refused") {
        addChallengeOption("key:" + item.key, item.text, item.key, false);
      }
    });
    showKindFields();
    restoreDraft();
    var keys = document.getElementById("board-keys");
    if (keys) {
      keys.hidden = false;
      var described = text.getAttribute("aria-describedby");
      text.setAttribute("aria-describedby", described ? described + " board-keys" : "board-keys");
    }
    document.querySelectorAll(".board-live").forEach(function (note) { note.hidden = false; });
    updateStatus();
    flush();
    window.setInterval(flush, RETRY_MS);
    window.setInterval(poll, POLL_MS);
  });
})();
