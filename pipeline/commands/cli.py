"""Command line: `python -m pipeline check|build|pdf|preview|watch|schema|context-docs|sets`.

Exit codes are a contract the Makefile and scripts rely on: 0 done, 1 content or build
errors (one `path:line: message` line each), 2 usage errors, 70 a fault of the program itself
(one line too; PIPELINE_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import signal
import sys
import threading
from pathlib import Path

from ..documents.registry import CONTENT_FILES, DOCUMENTS, SETS, missing_files, set_help
from ..core.errors import ContentError, Problem, StageError, WARNING, display_path, quote



# argparse's own words, in the officials' language: headings and usage through the formatter, errors
# through the parser's error() (argparse formats them in English before calling it).
_HEADINGS = {"positional arguments": "argumentai", "options": "parinktys"}
_ERRORS = (
    (r"the following arguments are required: (.*)", r"trūksta argumentų: \1"),
    (r"unrecognized arguments: (.*)", r"nežinomi argumentai: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argumentas \1: netinkamas pasirinkimas \2 (galimi: \3)"),
    (r"argument (\S+): expected one argument", r"argumentas \1: reikia vienos reikšmės"),
    (r"argument (\S+): (.*)", r"argumentas \1: \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"neaiški parinktis \1: tinka \2"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "naudojimas: " if prefix is None else prefix)

    def start_section(self, heading):
        super().start_section(_HEADINGS.get(heading, heading))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs, add_help=False, formatter_class=_Formatter)
        self.add_argument("-h", "--help", action="help", help="parodyti šią pagalbą ir baigti")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        for pattern, words in _ERRORS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, words, message)
                break
        print(f"{self.prog}: netinkamas komandos naudojimas: {message}", file=sys.stderr)
        raise SystemExit(2)


def _year(text: str) -> int:
    """Read a year as typed on the command line: four digits and nothing else."""
    if not re.fullmatch(r"[0-9]{4}", text):
        raise argparse.ArgumentTypeError(f"metai turi būti keturių skaitmenų skaičius, pvz., 2024, o ne {quote(text)}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pipeline", description="Strateginio plėtros plano dokumentų rengimas.")
    sub = parser.add_subparsers(dest="command", metavar="KOMANDA", required=True, parser_class=_Parser)
    _document_commands(sub)
    _life_commands(sub)
    _tool_commands(sub)
    return parser


def _document_commands(sub) -> None:
    """Add the commands that check content and make documents and PDFs."""
    check = sub.add_parser("check", help="patikrinti plano turinį")
    check.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/alytus-2030")
    check.add_argument("--strict", action="store_true", help="įspėjimus laikyti klaidomis")
    build = sub.add_parser("build", help="parengti dokumentus")
    build.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/alytus-2030")
    build.add_argument("documents", nargs="+", metavar="DOC", help=f"{', '.join(SETS[:-1])} arba {SETS[-1]}")
    build.add_argument("--out", type=Path, default=None, help="išvesties aplankas (numatytasis build/<planas>/)")
    build.add_argument("--force", action="store_true", help="parengti iš naujo ir nepakeistus dokumentus")
    build.add_argument("--year", type=_year, default=None, metavar="METAI",
                       help="metinės ataskaitos metai (numatytieji – naujausi, kurių duomenys yra)")
    pdf = sub.add_parser("pdf", help="paversti parengtus .docx į PDF su LibreOffice")
    pdf.add_argument("build_dir", type=Path, metavar="BUILD_DIR", help="parengtų dokumentų aplankas, pvz., build/alytus-2030")
    printing = sub.add_parser("print-check", help="patikrinti, kaip dokumentai atrodo atspausdinti (PDF per LibreOffice)")
    printing.add_argument("build_dirs", type=Path, nargs="+", metavar="BUILD_DIR",
                          help="parengtų dokumentų aplankas, pvz., build/alytus-2030")
    preview = sub.add_parser("preview", help="pirmųjų PDF puslapių paveikslėliai (preview/)")
    preview.add_argument("build_dir", type=Path, metavar="BUILD_DIR", help="aplankas su PDF, pvz., build/alytus-2030")
    watch = sub.add_parser("watch", help="perdaryti dokumentus ir PDF po kiekvieno įrašymo (Ctrl+C – baigti)")
    watch.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/alytus-2030")
    watch.add_argument("--out", type=Path, default=None, help="išvesties aplankas (numatytasis build/<planas>/)")


def _life_commands(sub) -> None:
    """Add the commands of the plan's life: forms and their import, amendments, adopted acts."""
    forms = sub.add_parser("forms", help="parengti vykdytojų Excel formas metų duomenims")
    forms.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/kaunas-2030")
    forms.add_argument("--year", type=_year, required=True, metavar="METAI", help="ataskaitiniai metai")
    forms.add_argument("--out", type=Path, default=None,
                       help="išvesties aplankas (numatytasis build/<planas>/formos-<metai>/)")
    imports = sub.add_parser("import", help="perkelti grąžintas vykdytojų formas į stebesena/<metai>.yaml")
    imports.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/kaunas-2030")
    imports.add_argument("--year", type=_year, required=True, metavar="METAI", help="ataskaitiniai metai")
    imports.add_argument("files", type=Path, nargs="+", metavar="FILE",
                         help="grąžintos formos (.xlsx) arba jų aplankas (imamos visos jame esančios .xlsx)")
    amend = sub.add_parser("amend", help="parengti plano pakeitimo dokumentus ir lyginamąjį variantą")
    amend.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/klaipeda-2030")
    amend.add_argument("--since", default=None, metavar="PATVIRTINTA",
                       help="patvirtinta plano redakcija: jos akto numeris ar data (pvz., T2-57), aplankas arba git "
                            "versija (numatytoji – šiandien galiojanti redakcija)")
    amend.add_argument("--out", type=Path, default=None, help="išvesties aplankas (numatytasis build/<planas>/)")
    amend.add_argument("--force", action="store_true", help="parengti iš naujo ir nepakeistus dokumentus")
    approve = sub.add_parser("approve", help="įrašyti priimtą aktą (numeris ir data jau turinyje) į redakcijos/")
    approve.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/kaunas-2030")
    approve.add_argument("act", choices=("order", "concept", "plan", "amendment", "report"), metavar="AKTAS",
                         help="order, concept, plan, amendment arba report")
    approve.add_argument("--year", type=_year, default=None, metavar="METAI", help="ataskaitos metai (report)")
    approve.add_argument("--since", default=None, metavar="PATVIRTINTA",
                         help="pakeitimui: keičiama redakcija (numatytoji – šiandien galiojanti)")
    approve.add_argument("--out", type=Path, default=None, help="išvesties aplankas (numatytasis build/<planas>/)")
    approve.add_argument("--be-pdf", action="store_true", dest="no_pdf",
                         help="neversti į PDF (numatyta – verčiama, jei įdiegta LibreOffice)")


def _tool_commands(sub) -> None:
    """Add the site and the tools for those who keep templates, editors and make in order."""
    site = sub.add_parser("site", help="parengti plano interneto svetainę (statinius puslapius)")
    site.add_argument("content_dir", type=Path, metavar="CONTENT_DIR", help="plano aplankas, pvz., content/kaunas-2030")
    site.add_argument("--out", type=Path, default=None, help="išvesties aplankas (numatytasis build/<planas>/site/)")
    site.add_argument("--documents", type=Path, default=None,
                      help="parengtų dokumentų aplankas, kurių failai skelbiami (numatytasis build/<planas>/)")
    site.add_argument("--force", action="store_true", help="parengti iš naujo, net jei niekas nepasikeitė")
    docs = sub.add_parser("context-docs", help="įrašyti šablonų kintamųjų sąrašą (templates/KINTAMIEJI.md)")
    docs.add_argument("target", type=Path, metavar="FILE", help="kur įrašyti, pvz., templates/KINTAMIEJI.md")
    schema = sub.add_parser("schema", help="įrašyti turinio failų JSON schemą redaktoriams")
    schema.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="kur įrašyti schemas, pvz., schema")
    sets = sub.add_parser("sets", help="dokumentų rinkiniai (make tikslai): po vieną eilutėje")
    sets.add_argument("--make", action="store_true", help="kaip make failą: SETS := …")
    sets.add_argument("--help-lines", action="store_true", help="make help eilutės")


# Exit code of a fault in the program itself (sysexits' EX_SOFTWARE): never one of content.
INTERNAL_ERROR = 70


def _terminated(signum, frame):
    """Leave as after Ctrl+C when asked to stop: every cleanup on the way runs."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    # Collect cyclic garbage far less often: a build makes hundreds of thousands of short-lived
    # objects and frees them by reference counting; the default thresholds cost it about 0.1 s.
    gc.set_threshold(100_000, 50, 100)
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return COMMANDS[args.command](args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in exc.problems if p.severity != WARNING)
        print(f"Rasta klaidų: {errors}. Niekas neįrašyta.", file=sys.stderr)
        return 1
    except StageError as exc:
        print(f"klaida: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("nutraukta: tai, kas liko nebaigta, bus parengta kitą kartą", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a fault of the program itself: one line, not a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"vidinė programos klaida ({type(exc).__name__}: {_one_line(exc)}); niekas neįrašyta. Praneškite prižiūrėtojams "
              "ir pridėkite plano aplanką; PIPELINE_DEBUG=1 parodys išsamiau", file=sys.stderr)
        return INTERNAL_ERROR


def _one_line(exc: BaseException) -> str:
    """Return an error's text on one line, whatever a library put in it."""
    return " ".join(str(exc).split())


def _pdf(args) -> int:
    from ..outputs.pdf import convert_folder

    return _listed(convert_folder(args.build_dir))


def _print_check(args) -> int:
    from ..outputs.printcheck import check_folder

    findings = []
    for folder in args.build_dirs:
        findings += [(folder, f) for f in check_folder(folder)]
    for folder, finding in findings:
        print(f"{folder}/{finding}")
    print(f"Spaudinio trūkumų: {len(findings)}")
    return 1 if findings else 0


def _preview(args) -> int:
    from ..outputs.pdf import preview

    return _listed(preview(args.build_dir))


def _forms(args) -> int:
    from ..content.model import require_year_in_period
    from ..content.plan import checked
    from ..life.forms.issue import issue

    content_dir = _content_dir(args.content_dir)
    plan, warnings = checked(content_dir)
    require_year_in_period(plan, args.year)
    if plan.strategy is None or plan.monitoring is None:
        raise ContentError([Problem(display_path(content_dir), 0, "formoms reikia strategija.yaml ir stebesena.yaml")])
    from ..life.editions import measured_in

    plan, _ = measured_in(plan, args.year)  # the edition in force that year, not a draft amendment
    out_dir = args.out or Path("build") / content_dir.resolve().name / f"formos-{args.year}"
    written, removed = issue(plan, args.year, out_dir)
    for path in written:
        print(path)
    for path in removed:
        print(f"{path}: pašalinta (šio vykdytojo plane nebėra)")
    print(f"{content_dir}: vykdytojų formų: {len(written)} → {out_dir}")
    return 0


def _import(args) -> int:
    from ..life.forms.yearfile import import_forms

    content_dir = _content_dir(args.content_dir)
    for line in import_forms(content_dir, args.year, _forms_in(args.files)):
        print(line)
    print(f"{content_dir}: įrašyta į {display_path(content_dir / 'stebesena' / f'{args.year}.yaml')}")
    return 0


def _forms_in(paths: list[Path]) -> list[Path]:
    """Return the returned forms named: a file as given, a folder's .xlsx files in name order."""
    files = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("."))  # as the shell's *.xlsx
        if not found:
            raise ContentError([Problem(display_path(path), 0, "aplanke nėra grąžintų formų (.xlsx failų)")])
        files += found
    return files


def _site(args) -> int:
    from ..outputs.site.building import build_site

    content_dir = _content_dir(args.content_dir)
    build_dir = Path("build") / content_dir.resolve().name
    out_dir = args.out or build_dir / "site"
    written, unchanged = build_site(content_dir, out_dir, args.documents or build_dir, force=args.force)
    from ..core.lt import noun_form

    made = f"parengta ({len(written)} {noun_form(len(written), 'failas')})"
    print(f"{content_dir}: svetainė {'nepakeista' if unchanged else made} → {out_dir}")
    return 0


def _approve(args) -> int:
    from .approve import approve

    content_dir = _content_dir(args.content_dir)
    out_dir = args.out or Path("build") / content_dir.resolve().name
    entries = approve(content_dir, args.act, out_dir, _options(args, year=args.year, since=args.since),
                      pdf=False if args.no_pdf else None)
    for entry in entries:
        print(f"{content_dir}: patvirtinta redakcija įrašyta → {display_path(entry)}")
    return 0


def _watch(args) -> int:
    from .watch import watch

    content_dir = _content_dir(args.content_dir)
    return watch(content_dir, args.out or Path("build") / content_dir.resolve().name,
                 say=lambda line: print(line, flush=True))


def _context_docs(args) -> int:
    from ..documents.template_docs import write

    return _listed([write(args.target)])


def _schema(args) -> int:
    from ..content.editor_schema import write_schemas

    return _listed(write_schemas(args.out_dir, CONTENT_FILES))


def _sets(args) -> int:
    """Print the command sets for make: its list of set targets, or their help lines."""
    if args.make:
        print(f"SETS := {' '.join(SETS)}")
    else:
        print("\n".join(set_help() if args.help_lines else SETS))
    return 0


def _listed(paths) -> int:
    for path in paths:
        print(path)
    return 0


def _content_dir(path: Path) -> Path:
    if not path.is_dir():
        print(f"python -m pipeline: plano aplanko nėra: {path}", file=sys.stderr)
        raise SystemExit(2)
    return path


def _check(content_dir: Path, strict: bool) -> int:
    from ..content.plan import load_plan

    from ..content.ledger import read

    plan, problems = load_plan(_content_dir(content_dir), declared=CONTENT_FILES)
    problems += read(content_dir, verify=True).problems  # an adopted edition changed since it was recorded
    if plan is not None:
        wanted = tuple(d for d in DOCUMENTS if d.in_all or d.begun(plan))  # a report once it has data, …
        for name, needs in missing_files(plan.root, wanted).items():
            problems.append(Problem(display_path(content_dir / name), 1,
                                    f"failo dar nėra: jo reikia {', '.join(needs)}", WARNING))
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity != WARNING)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if errors:
        verdict = "turinyje yra klaidų"
    elif failed:
        verdict = "yra įspėjimų, o --strict juos laiko klaidomis"
    else:
        verdict = "turinys tvarkingas"
    print(f"{content_dir}: {verdict} (klaidų: {errors}, įspėjimų: {warnings})")
    return 1 if failed else 0


def _options(args, **given):
    """Return a build's options from the command line: --force, and the year or edition asked for."""
    from .build import Options

    return Options(force=getattr(args, "force", False), **given)


def _build(content_dir: Path, documents: list[str], out: Path | None, options) -> int:
    unknown = [d for d in documents if d not in SETS]
    if unknown:
        print(f"python -m pipeline: nežinomas dokumentas „{unknown[0]}“; galimi: {', '.join(SETS)}",
              file=sys.stderr)
        return 2
    content_dir = _content_dir(content_dir)
    out_dir = out if out is not None else Path("build") / content_dir.resolve().name
    from .build import build

    result = build(content_dir, documents, out_dir, options)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    for path in result.written:
        print(path)
    print(f"{content_dir}: parengta dokumentų: {len(result.written)}, nepakeista: {len(result.unchanged)} → {out_dir}")
    return 0


COMMANDS = {
    "check": lambda args: _check(args.content_dir, args.strict),
    "build": lambda args: _build(args.content_dir, args.documents, args.out, _options(args, year=args.year)),
    "pdf": _pdf,
    "print-check": _print_check,
    "preview": _preview,
    "watch": _watch,
    "forms": _forms,
    "site": _site,
    "amend": lambda args: _build(args.content_dir, ["amendment"], args.out, _options(args, since=args.since)),
    "import": _import,
    "approve": _approve,
    "context-docs": _context_docs,
    "schema": _schema,
    "sets": _sets,
}
