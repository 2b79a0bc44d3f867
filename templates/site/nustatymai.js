// The font-size (A, A+, A++) and high-contrast switches: applied at once, remembered in this browser; and the
// progress view's filters. Pages are read without JavaScript: the switches stay hidden and the filters are links.
(function () {
  var root = document.documentElement;
  function remembered(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function remember(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function setSize(size) {
    root.classList.remove("sriftas-2", "sriftas-3");
    if (size !== "1") { root.classList.add("sriftas-" + size); }
    document.querySelectorAll("[data-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size));
    });
    remember("sriftas", size);
  }
  function setContrast(on) {
    root.classList.toggle("kontrastas", on);
    var button = document.getElementById("kontrastas");
    if (button) { button.setAttribute("aria-pressed", String(on)); }
    remember("kontrastas", on ? "1" : "0");
  }
  function filterProgress(form) {
    var chosen = {};
    form.querySelectorAll("select[data-filter]").forEach(function (s) { chosen[s.getAttribute("data-filter")] = s.value; });
    var shown = 0;
    document.querySelectorAll("tr[data-status]").forEach(function (row) {
      var ok = (!chosen.status || row.getAttribute("data-status") === chosen.status) &&
               (!chosen.priority || row.getAttribute("data-priority") === chosen.priority) &&
               (!chosen.executors || row.getAttribute("data-executors").split("|").indexOf(chosen.executors) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("section.goal-progress, section.priority").forEach(function (section) {
      section.hidden = !section.querySelector("tr[data-status]:not([hidden])");
    });
    document.getElementById("f-rezultatas").textContent = "Rodoma rodiklių: " + shown + ".";
  }
  var size = remembered("sriftas");
  if (size === "2" || size === "3") { root.classList.add("sriftas-" + size); }
  if (remembered("kontrastas") === "1") { root.classList.add("kontrastas"); }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("nustatymai");
    if (panel) {
      panel.hidden = false;
      setSize(size === "2" || size === "3" ? size : "1");
      setContrast(remembered("kontrastas") === "1");
      document.querySelectorAll("[data-size]").forEach(function (b) {
        b.addEventListener("click", function () { setSize(b.getAttribute("data-size")); });
      });
      document.getElementById("kontrastas").addEventListener("click", function () {
        setContrast(!root.classList.contains("kontrastas"));
      });
    }
    var form = document.getElementById("filtrai");
    if (form) {
      form.hidden = false;
      form.addEventListener("change", function () { filterProgress(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
  });
})();
