// Formatting toolbar for the seminar summary: wraps the selected text of the textarea in
// the few HTML tags the server keeps. The server sanitises whatever arrives, so this is a
// convenience only; without JavaScript the toolbar stays hidden and people type tags.
(function () {
  "use strict";

  function replaceSelection(textarea, before, after, fallback) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end) || fallback;
    var inserted = before + selected + after;
    textarea.value = value.slice(0, start) + inserted + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + before.length, start + before.length + selected.length);
  }

  function listItems(text) {
    return text
      .split(/\r?\n/)
      .filter(function (line) { return line.trim() !== ""; })
      .map(function (line) { return "  <li>" + line.trim() + "</li>"; })
      .join("\n");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toolbar = document.querySelector("[data-editor-toolbar]");
    var textarea = document.querySelector("[data-summary-editor]");
    if (!toolbar || !textarea) {
      return;
    }
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) {
        return;
      }
      if (button.hasAttribute("data-wrap")) {
        var tag = button.getAttribute("data-wrap");
        replaceSelection(textarea, "<" + tag + ">", "</" + tag + ">", "…");
      } else if (button.hasAttribute("data-list")) {
        var start = textarea.selectionStart;
        var end = textarea.selectionEnd;
        var items = listItems(textarea.value.slice(start, end)) || "  <li>…</li>";
        textarea.value =
          textarea.value.slice(0, start) + "<ul>\n" + items + "\n</ul>" + textarea.value.slice(end);
        textarea.focus();
      } else if (button.hasAttribute("data-link")) {
        var url = window.prompt(button.getAttribute("data-link-prompt") || "URL", "https://");
        if (url && /^(https?:\/\/|mailto:)/i.test(url.trim())) {
          var safe = url.trim().replace(/"/g, "%22");
          replaceSelection(textarea, '<a href="' + safe + '">', "</a>", safe);
        } else {
          textarea.focus();
        }
      }
    });
  });
})();
