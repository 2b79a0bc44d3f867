// The font-size (A, A+, A++) and high-contrast switches: applied at once, remembered in this browser.
// Pages are read without JavaScript; without it the switches stay hidden.
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
  var size = remembered("sriftas");
  if (size === "2" || size === "3") { root.classList.add("sriftas-" + size); }
  if (remembered("kontrastas") === "1") { root.classList.add("kontrastas"); }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("nustatymai");
    if (!panel) { return; }
    panel.hidden = false;
    setSize(size === "2" || size === "3" ? size : "1");
    setContrast(remembered("kontrastas") === "1");
    document.querySelectorAll("[data-size]").forEach(function (b) {
      b.addEventListener("click", function () { setSize(b.getAttribute("data-size")); });
    });
    document.getElementById("kontrastas").addEventListener("click", function () {
      setContrast(!root.classList.contains("kontrastas"));
    });
  });
})();
