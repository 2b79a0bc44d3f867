"""The plan's public website: static pages from the same content, with Jinja2 templates in templates/site/.

Pages (one flat folder, so that it opens from disk and from any web server):

    index.html            the plan, its vision and priorities, progress when a yearly report exists
    naujienos.html        news, newest first: generated from content events and written by hand
    naujiena-*.html       one news item;  atom.xml  the feed
    planas.html           priorities → goals → objectives → measures, each with its own anchor
    pazanga.html          progress: priority → goal → indicator with the yearly report's status;
                          pazanga-*.html the same filtered by status, priority or executor (no script needed)
    rodikliai.html        every indicator;  rodiklis-*.html  one indicator: its card, values, chart and table
    dokumentai.html       documents by act, newest first: the ledger's as adopted, the built drafts
    duomenys.html         open data: planas.json and the CSV files of every table, their structure, the licence
    paieska.html          search (Pagefind's index in pagefind/, made beside the pages)
    rengimas.html         the preparation timeline: an SVG picture and the same facts as text
    dalyvavimas.html      how and until when residents take part, the proposals' summary
    konsultavimas.html    the public consultation's results as consultation.docx has them (konsultacija.yaml)
    prieinamumas.html     the accessibility statement (svetaine.yaml)
    style.css, nustatymai.js, paieska.js   one stylesheet; the switches and filters; the search page's script
    paveikslas-*.*        the plan's pictures that hand-written news show

Everything from content is escaped by Jinja's autoescaping; Markdown news become HTML through
pandoc and an allow-list sanitizer (news). Every page carries a Content-Security-Policy that
lets it run only the site's own script files and load nothing from elsewhere: no inline script,
no frame, no object (the search page alone may read the site's own index and run its WebAssembly). Nothing outside the plan folder (and the build folder whose documents are
listed) is read; nothing but the site's own files, as its record lists them, is ever removed.
The record and the lock sit beside the site's folder (build/<plan>/.site.inputs.json), never in
what is published.

Its modules, each with one job: data (the progress computed once: statuses, values, measures) and
exports (its CSV and JSON files); stories (news generated from content, for residents) and news
(Markdown news → sanitized HTML, with news_pictures.lua beside it); charts (inline SVG indicator
charts, the progress summary); consultation (the public consultation's table); listing (documents by
act, sizes, the timeline); names (page names); pages (the Jinja environment and every page); search (the Pagefind bundle); building (digest,
record, lock, the folder, build_site).
"""
