// Search over every page with Pagefind's index (pagefind/, beside the pages): nothing loads from elsewhere.
// Results are written as text (textContent), never as HTML. Without scripts, or opened from disk where
// browsers refuse to read files, the page keeps its links to every list instead.
(function () {
  function plain(html) {
    var box = document.createElement("template");
    box.innerHTML = html;
    return box.content.textContent;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("paieska");
    var field = document.getElementById("paieskos-laukas");
    var state = document.getElementById("paieskos-busena");
    var list = document.getElementById("paieskos-rezultatai");
    if (!form) { return; }
    var engine = null;
    function load() {
      if (!engine) {
        engine = import("./pagefind/pagefind.js").then(function (pagefind) {
          return pagefind.options({ baseUrl: "./" }).then(function () { return pagefind; });
        });
      }
      return engine;
    }
    function show(term) {
      list.textContent = "";
      if (!term) { state.textContent = ""; return; }
      state.textContent = "Ieškoma…";
      load().then(function (pagefind) { return pagefind.search(term); }).then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (found) {
        state.textContent = found.length ? "Rasta: " + found.length + "." : "Nieko nerasta.";
        found.forEach(function (page) {
          var hits = page.sub_results && page.sub_results.length ? page.sub_results.slice(0, 5) : [page];
          hits.forEach(function (hit) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = hit.url.replace(/^\//, "");
            link.textContent = hit.title || (page.meta && page.meta.title) || hit.url;
            var excerpt = document.createElement("p");
            excerpt.textContent = plain(hit.excerpt || "");
            item.appendChild(link);
            item.appendChild(excerpt);
            list.appendChild(item);
          });
        });
      }).catch(function () {
        state.textContent = "Paieška neveikia: svetainę atverkite per žiniatinklio serverį.";
      });
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); show(field.value.trim()); });
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) { field.value = asked; show(asked.trim()); }
  });
})();
