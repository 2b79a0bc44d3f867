"""Mistakes officials make: each gives one line `file:line: message` in Lithuanian and no traceback.

Every case starts from a valid plan (the tiny one, or a copy of Alytus when plan-stage files
are needed), breaks one thing and expects the exact line `check` prints. All cases run
`check` in-process (fast); a representative subset also runs the real command line, and
some of those `build` too, which must fail and write nothing.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pytest
import yaml

from pipeline.commands import cli
from pipeline.commands.build import Options, build
from pipeline.core.errors import StageError, display_path
from pipeline.content.load import MAX_FILE_BYTES
from pipeline.content.yaml_problems import yaml_problem

from .conftest import ROOT, TINY_GROUP, TINY_PLAN, copy_plan, run_cli, snapshot

P = "planas.yaml"
G = "grupes/01/grupe.yaml"
T1 = "grupes/01/tikslai.yaml"
T2 = "grupes/02/tikslai.yaml"
INTRO = "tekstai/ivadas.md"
ROLES = "pirmininkas, pirmininko pavaduotojas, sekretorius, narys"
MISSING_PLAN_FILES = 6  # the tiny plan has no plan-stage files: one warning each


# ---------------------------------------------------------------- edits


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace text once in a content file; the text must be there (a case never breaks nothing)."""
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel}: {old!r} not found"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return edit


def remove(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)
    return edit


def too_large(root: Path) -> None:
    padding = MAX_FILE_BYTES + 1 - len(TINY_PLAN.encode("utf-8")) - 3
    (root / P).write_bytes(TINY_PLAN.encode("utf-8") + b"# " + b"x" * padding + b"\n")


def python_tag(root: Path) -> None:
    """A tag that, loaded unsafely, would run a command leaving a file next to the plan."""
    replace(P, "miestas: Bandomasis",
            f'miestas: !!python/object/apply:os.system ["touch {root.parent / "MARKER"}"]')(root)


def second_group(root: Path) -> None:
    (root / "grupes" / "02").mkdir()
    (root / "grupes" / "02" / "grupe.yaml").write_text(TINY_GROUP, encoding="utf-8")


NEW_INDICATOR = """\
  - kodas: EK-01
    pavadinimas: Naujas rodiklis
    lygis: produkto
    matas: vnt.
    šaltinis: Savivaldybė
    pradinė_reikšmė: 1
    pradiniai_metai: 2020
    siektina_reikšmė: 2
"""

# ---------------------------------------------------------------- the cases


@dataclass
class Case:
    id: str
    edit: Callable[[Path], None]
    file: str | None  # the file the line names, relative to the plan; None: only the summary is checked
    line: int = 1
    message: str = ""
    errors: int = 1  # errors `check` counts in all: a mistake gives one line, not a cascade
    warning: bool = False
    strict: bool = False
    sample: str | None = None  # a sample plan to copy instead of the tiny one
    cli: bool = False  # also run the real command line
    build: bool = False  # and `build order`, which must fail and write nothing

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.strict else 0

    def expected(self, root: Path, shown: Callable[[Path], str]) -> str:
        prefix = "įspėjimas: " if self.warning else ""
        return f"{shown(root / self.file)}:{self.line}: {prefix}{self.message.replace('<ROOT>', shown(root))}"


A = "alytus-2030"

CASES = [
    # -- YAML syntax: libyaml's terse wording becomes a message naming what to fix, on the right line
    Case("yaml-unclosed-bracket", replace(P, 'grupės: ["01"]', 'grupės: ["01"'), P, 25,
         "neuždarytas laužtinis skliaustas „[“: trūksta „]“ arba kablelio tarp įrašų", cli=True, build=True),
    Case("yaml-quote-closed-lines-later", replace(P, "miestas: Bandomasis", 'miestas: "Bandomasis'), P, 4,
         "neuždarytos kabutės: kabutės atidarytos šioje eilutėje, o uždaromos tik 25 eilutėje"),
    Case("yaml-quote-never-closed", replace(G, "veikla: koordinuos", 'veikla: "koordinuos'), G, 6,
         "neuždarytos kabutės: kabutės atidarytos šioje eilutėje, bet niekur neuždarytos"),
    Case("yaml-text-after-closing-quote", replace(P, "miestas: Bandomasis", 'miestas: "Bandomasis" miestas'), P, 4,
         "po uždarančių kabučių eilutėje dar yra teksto: kabutes teksto viduje rašykite lietuviškas („…“) "
         "arba visą reikšmę apgaubkite kitokiomis kabutėmis"),
    Case("yaml-colon-in-text", replace(P, "miestas: Bandomasis", "miestas: Bandomasis: centras"), P, 4,
         "netikėtas dvitaškis: tekstą su „: “ rašykite kabutėse, o naujo lauko įtrauka turi sutapti su kitų "
         "to paties lygio laukų įtrauka"),
    Case("yaml-key-indented-too-far", replace(P, "  kilmininkas: Bandomosios miesto savivaldybės\n",
                                              "   kilmininkas: Bandomosios miesto savivaldybės\n"), P, 3,
         "netikėtas dvitaškis: tekstą su „: “ rašykite kabutėse, o naujo lauko įtrauka turi sutapti su kitų "
         "to paties lygio laukų įtrauka"),
    Case("yaml-missing-colon", replace(P, "miestas: Bandomasis", "miestas Bandomasis"), P, 4,
         "trūksta dvitaškio po lauko pavadinimo (arba neteisinga įtrauka)"),
    Case("yaml-list-item-dedented", replace(G, "  - vardas: Vardenė", "- vardas: Vardenė"), G, 13,
         "neteisinga įtrauka: eilutė nesutampa su aukščiau esančiais laukais (arba trūksta dvitaškio)"),
    Case("yaml-at-sign-starts-text", replace(P, "miestas: Bandomasis", "miestas: @Bandomasis"), P, 4,
         "simbolis „@“ negali pradėti reikšmės: tokį tekstą rašykite kabutėse"),
    Case("yaml-star-starts-text", replace(P, "miestas: Bandomasis", "miestas: * Bandomasis"), P, 4,
         "„*“ ir „&“ reikšmės pradžioje YAML reiškia nuorodą: tokį tekstą rašykite kabutėse"),
    Case("yaml-two-documents", replace(P, "miestas: Bandomasis", "miestas: Bandomasis\n---"), P, 5,
         "faile gali būti tik vienas dokumentas: pašalinkite eilutę „---“"),
    Case("yaml-too-deep", replace(P, "miestas: Bandomasis", "miestas: " + "[" * 60 + "]" * 60), P, 4,
         "per daug įdėtų lygių (daugiau kaip 50): patikrinkite skliaustus ir įtraukas"),
    # -- tabs
    Case("tab-indents-a-key", replace(P, "  vardininkas: Bandomoji", "\tvardininkas: Bandomoji"), P, 2,
         "tabuliacijos ženklas: įtraukoms naudokite tarpus", cli=True),
    Case("tab-inside-a-list-item", replace(G, "    lytis: vyras", "\tlytis: vyras"), G, 9,
         "tabuliacijos ženklas: įtraukoms naudokite tarpus"),
    # -- duplicate keys
    Case("duplicate-key", replace(P, "miestas: Bandomasis", "miestas: Bandomasis\nmiestas: Kitas"), P, 5,
         "pasikartojantis laukas „miestas“ (jau yra 4 eilutėje)", cli=True),
    Case("duplicate-key-in-list-item",
         replace(G, "    vaidmuo: pirmininkas", "    vaidmuo: pirmininkas\n    lytis: vyras"), G, 13,
         "pasikartojantis laukas „lytis“ (jau yra 9 eilutėje)"),
    # -- wrong types
    Case("year-as-words", replace(P, "pradžia: 2021", "pradžia: du tūkstančiai"), P, 14,
         "laukas „pradžia“: tikėtasi sveikojo skaičiaus; rasta „du tūkstančiai“"),
    Case("year-out-of-range", replace(P, "pradžia: 2021", "pradžia: 21"), P, 14,
         "laukas „pradžia“: reikšmė turi būti ne mažesnė kaip 1990; rasta „21“"),
    Case("list-where-text-is-meant", replace(G, "veikla: koordinuos ekonomikos klausimus", "veikla: [a, b]"), G, 6,
         "laukas „veikla“: tikėtasi teksto; rastas sąrašas (eilutės su „- “)"),
    Case("yes-no-word-where-text-is-meant", replace(P, "miestas: Bandomasis", "miestas: yes"), P, 4,
         "laukas „miestas“: tikėtasi teksto; rasta taip/ne reikšmė (YAML taip supranta yes, no, on, off, true, "
         "false) – tekstą rašykite kabutėse"),
    Case("lithuanian-word-where-true-false-is-meant",
         replace(P, "tvirtina_reglamentą: true", "tvirtina_reglamentą: taip"), P, 26,
         "laukas „tvirtina_reglamentą“: tikėtasi „true“ arba „false“; rasta „taip“"),
    Case("empty-value", replace(P, "miestas: Bandomasis", "miestas:"), P, 4,
         "laukas „miestas“ tuščias; tikėtasi teksto"),
    Case("role-misspelt", replace(G, "vaidmuo: pirmininkas", "vaidmuo: pirminkas"), G, 12,
         f"laukas „vaidmuo“: tikėtasi vienos iš: {ROLES}; rasta „pirminkas“", cli=True, build=True),
    Case("explicit-int-tag-on-text", replace(P, "pradžia: 2021", "pradžia: !!int du"), P, 14,
         "reikšmė „du“ netinka YAML žymei „!!int“: pašalinkite žymę"),
    # -- missing required fields
    Case("missing-field", replace(P, "miestas: Bandomasis\n", ""), P, 1,
         "trūksta privalomo lauko „miestas“", cli=True, build=True),
    Case("missing-nested-field", replace(P, "  lytis: vyras\n", ""), P, 5, "trūksta privalomo lauko „lytis“"),
    Case("missing-field-in-list-item", replace(G, "    pareigos: specialistė\n", ""), G, 13,
         "trūksta privalomo lauko „pareigos“"),
    # -- files that are empty, not text, not UTF-8, too large; BOM and Windows line ends are fine
    Case("empty-file", write(P, b""), P, 1, "failas tuščias"),
    Case("only-comments", write(G, "# dar nieko\n"), G, 1, "failas tuščias"),
    Case("list-instead-of-fields", write(P, "- miestas\n- meras\n"), P, 1,
         "failo turinys turi būti laukų sąrašas (raktas: reikšmė)"),
    Case("not-utf8", write(G, TINY_GROUP.encode("cp1257")), G, 2,
         "failas ne UTF-8 koduotės: išsaugokite jį kaip „UTF-8“ (pvz., Notepad: „Įrašyti kaip“ → UTF-8)",
         cli=True, build=True),
    Case("utf16-from-notepad", write(P, TINY_PLAN.encode("utf-16")), P, 1,
         "failas ne UTF-8 koduotės: išsaugokite jį kaip „UTF-8“ (pvz., Notepad: „Įrašyti kaip“ → UTF-8)"),
    Case("byte-order-mark-accepted", write(P, b"\xef\xbb\xbf" + TINY_PLAN.encode("utf-8")), None, errors=0),
    Case("windows-line-ends-accepted", write(P, TINY_PLAN.replace("\n", "\r\n").encode("utf-8")), None, errors=0),
    Case("windows-line-ends-keep-line-numbers",
         write(P, TINY_PLAN.replace("miestas: Bandomasis", "miestas: A\nmiestas: B").replace("\n", "\r\n").encode()),
         P, 5, "pasikartojantis laukas „miestas“ (jau yra 4 eilutėje)"),
    Case("file-too-large", too_large, P, 1,
         f"failas per didelis: {MAX_FILE_BYTES + 1} baitų (leidžiama iki {MAX_FILE_BYTES // 1024 // 1024} MB)"),
    Case("no-plan-file", remove(P), P, 1, "plano aplanke nėra failo planas.yaml"),
    Case("group-folder-without-group-file", lambda root: (root / "grupes" / "02").mkdir(), "grupes/02/grupe.yaml", 1,
         "darbo grupės aplanke nėra failo grupe.yaml"),
    # -- characters Word cannot hold
    Case("control-character-in-yaml", replace(P, "miestas: Bandomasis", "miestas: Bando\x07masis"), P, 4,
         "neleistinas valdymo simbolis U+0007: jo negali būti Word dokumente"),
    Case("c1-character-in-yaml", replace(P, "miestas: Bandomasis", "miestas: Bando\x80masis"), P, 4,
         "neleistinas valdymo simbolis U+0080: YAML faile jo negali būti (dažnai lieka įklijavus tekstą iš kitos "
         "programos)"),
    Case("control-character-in-markdown", write(INTRO, "# Įvadas\n\nPirma pastraipa.\n\nAntra\x0b pastraipa.\n"),
         INTRO, 5, "neleistinas valdymo simbolis U+000B: jo negali būti Word dokumente"),
    # -- dates
    Case("date-that-does-not-exist", replace(P, "data: 2020-06-02", "data: 2020-02-30"), P, 22,
         "tokios datos nėra: „2020-02-30“", cli=True, build=True),
    Case("date-in-another-format", replace(P, "data: 2020-06-02", "data: 2020.06.02"), P, 22,
         "laukas „data“: tikėtasi datos MMMM-MM-DD; rasta „2020.06.02“"),
    Case("order-signed-after-work-starts", replace(P, "data: 2020-06-02", "data: 2020-08-02"), P, 22,
         "potvarkio data vėlesnė už darbo grupių darbo pradžią (darbo_grafikas.pradžia)"),
    Case("work-ends-before-it-starts", replace(P, "pabaiga: 2020-12-31", "pabaiga: 2020-06-30"), P, 18,
         "darbo pabaiga ankstesnė už pradžią"),
    Case("plan-ends-before-it-starts", replace(P, "pabaiga: 2030", "pabaiga: 2020"), P, 15,
         "plano pabaiga ankstesnė už pradžią"),
    Case("measure-after-plan-period", replace(T1, "            pabaiga: 2027", "            pabaiga: 2032"), T1, 19,
         "priemonės laikas 2021–2032 išeina už plano laikotarpio (2021–2030)", sample=A),
    Case("measure-ends-before-it-starts", replace(T1, "pradžia: 2021\n            pabaiga: 2027",
                                                  "pradžia: 2027\n            pabaiga: 2022"), T1, 19,
         "priemonės pabaiga ankstesnė už pradžią", sample=A),
    Case("indicator-intermediate-year-outside-plan", replace(T1, "tarpiniai_metai: 2025", "tarpiniai_metai: 2035"),
         T1, 83, "tarpinės reikšmės metai 2035 ne plano laikotarpyje (2021–2030)", sample=A),
    Case("indicator-baseline-after-plan", replace(T1, "pradiniai_metai: 2019", "pradiniai_metai: 2031"), T1, 81,
         "pradinės reikšmės metai 2031 po plano pabaigos (2030)", sample=A),
    # -- duplicate ids and codes
    Case("duplicate-order-id", both(second_group, replace(P, "reglamentas:", (
        "  - id: darbo-grupes\n    dėl: antrosios grupės sudarymo\n    teisinis_pagrindas: įstatymu\n"
        "    grupės: [\"02\"]\nreglamentas:"))), P, 27, "pasikartojantis potvarkio žymuo „darbo-grupes“"),
    Case("duplicate-priority-id", replace("strategija.yaml", "rodiklių_lygiai:",
                                          "  - id: P4\n    pavadinimas: Dar kartą\n    aprašymas: Tas pats žymuo\n"
                                          "rodiklių_lygiai:"), "strategija.yaml", 27,
         "pasikartojantis prioriteto žymuo „P4“", sample=A),
    Case("duplicate-indicator-code-across-groups", replace(T2, "rodikliai:\n  - kodas: SK-01",
                                                           "rodikliai:\n" + NEW_INDICATOR + "  - kodas: SK-01"),
         T2, 70, "pasikartojantis rodiklio kodas „EK-01“ (jau yra <ROOT>/grupes/01/tikslai.yaml:75)", sample=A),
    Case("duplicate-financing-source", replace("strategija.yaml", "  - ES fondai\n", "  - ES fondai\n  - ES fondai\n"),
         "strategija.yaml", 35, "pasikartojantis finansavimo šaltinis „ES fondai“", sample=A),
    # -- references to what does not exist
    Case("goal-names-unknown-priority", replace(T1, "prioritetas: P1", "prioritetas: p1"), T1, 4,
         "nežinomas prioritetas „p1“: galimi P1, P2, P3, P4; gal turėta omenyje „P1“?", sample=A),
    Case("goal-names-priority-no-guess", replace(T1, "prioritetas: P1", "prioritetas: P9"), T1, 4,
         "nežinomas prioritetas „P9“: galimi P1, P2, P3, P4", sample=A),
    Case("order-names-unknown-group", replace(P, 'grupės: ["01"]', 'grupės: ["07"]'), P, 25,
         "nežinoma darbo grupė „07“; gal turėta omenyje „01“?", cli=True),
    Case("measure-names-unknown-indicator", replace(T1, "rodikliai: [EK-04]", "rodikliai: [EK-4]"), T1, 25,
         "nežinomas rodiklis „EK-4“; gal turėta omenyje „EK-04“?", sample=A),
    Case("unknown-financing-source", replace(T1, "ES fondai: 4500000", "ES fondas: 4500000"), T1, 23,
         "nežinomas finansavimo šaltinis „ES fondas“; gal turėta omenyje „ES fondai“?", sample=A),
    # -- working groups
    Case("group-without-chair", replace(G, "vaidmuo: pirmininkas", "vaidmuo: narys"), G, 7,
         "darbo grupėje nėra pirmininko (vaidmuo: pirmininkas)"),
    Case("group-with-two-chairs", replace(G, "vaidmuo: sekretorius", "vaidmuo: pirmininkas"), G, 17,
         "darbo grupėje gali būti tik vienas pirmininkas"),
    Case("same-person-twice", replace(G, "vardas: Vardenė Pavardenė", "vardas: Vardenis Pavardenis"), G, 13,
         "tas pats asmuo darbo grupėje du kartus: „Vardenis Pavardenis“"),
    Case("group-without-members", write(G, TINY_GROUP[: TINY_GROUP.index("nariai:")] + "nariai: []\n"), G, 7,
         "darbo grupėje nėra narių"),
    Case("group-without-secretary-is-a-warning", replace(G, "vaidmuo: sekretorius", "vaidmuo: narys"), G, 7,
         "darbo grupėje nėra sekretoriaus", errors=0, warning=True, cli=True),
    Case("warning-fails-with-strict", replace(G, "vaidmuo: sekretorius", "vaidmuo: narys"), G, 7,
         "darbo grupėje nėra sekretoriaus", errors=0, warning=True, strict=True, cli=True),
    # -- goals, objectives, measures
    Case("goal-without-objectives", replace(T1, "rodikliai:\n  - kodas: EK-01",
                                            "  - pavadinimas: Naujas tikslas\n    prioritetas: P1\n"
                                            "rodikliai:\n  - kodas: EK-01"), T1, 74,
         "tikslas neturi uždavinių", sample=A),
    Case("objective-without-measures", replace(T1, "rodikliai:\n  - kodas: EK-01",
                                               "  - pavadinimas: Naujas tikslas\n    prioritetas: P1\n"
                                               "    uždaviniai:\n      - pavadinimas: Naujas uždavinys\n"
                                               "rodikliai:\n  - kodas: EK-01"), T1, 77,
         "uždavinys neturi priemonių", sample=A),
    Case("measure-without-indicator", replace(T1, "            rodikliai: [EK-04]\n", ""), T1, 10,
         "priemonei nenurodytas nė vienas rodiklis: lauke „rodikliai“ įrašykite bent vieno produkto rodiklio kodą",
         sample=A),
    # -- money and shares
    Case("negative-money", replace(T1, "ES fondai: 4500000", "ES fondai: -4500000"), T1, 23,
         "laukas „ES fondai“: reikšmė negali būti neigiama; rasta „-4500000“", sample=A, cli=True, build=True),
    Case("money-as-words", replace(T1, "ES fondai: 4500000", "ES fondai: daug"), T1, 23,
         "laukas „ES fondai“: tikėtasi skaičiaus; rasta „daug“", sample=A),
    Case("money-with-spaces", replace(T1, "ES fondai: 4500000", "ES fondai: 4 500 000"), T1, 23,
         "laukas „ES fondai“: tikėtasi skaičiaus be tarpų, trupmeninę dalį skiriant tašku (pvz., 4500000.50); "
         "rasta „4 500 000“", sample=A),
    Case("money-with-cents-fraction", replace(T1, "ES fondai: 4500000", "ES fondai: 4500000.505"), T1, 23,
         "laukas „ES fondai“: ne daugiau kaip 2 skaitmenys po kablelio; rasta „4500000.505“", sample=A),
    Case("indicator-value-too-precise", replace(T2, "    siektina_reikšmė: 63", "    siektina_reikšmė: 63.123456"), T2, 81,
         "laukas „siektina_reikšmė“: ne daugiau kaip 4 skaitmenys po kablelio; rasta „63.123456“", sample=A),
    Case("indicator-value-astronomic", replace(T2, "    siektina_reikšmė: 63", "    siektina_reikšmė: 1e400"), T2, 81,
         "laukas „siektina_reikšmė“: skaičius per didelis; rasta „1e400“", sample=A),
    Case("share-over-100-percent", replace(T2, "    siektina_reikšmė: 63", "    siektina_reikšmė: 120"), T2, 81,
         "laukas „siektina_reikšmė“: dalis procentais turi būti nuo 0 iki 100; rasta „120“", sample=A),
    Case("monitoring-deviation-over-100", replace("stebesena.yaml", "nuokrypis_proc: 10", "nuokrypis_proc: 150"),
         "stebesena.yaml", 13, "laukas „nuokrypis_proc“: reikšmė turi būti ne didesnė kaip 100; rasta „150“",
         sample=A),
    # -- YAML tags that would construct objects are refused (the command never runs: see the test)
    Case("python-tag-refused", python_tag, P, 4,
         "neleidžiama YAML žymė „!!python/object/apply:os.system“: žymės, kuriančios objektus, draudžiamos "
         "(tekstą, prasidedantį „!“, rašykite kabutėse)", cli=True, build=True),
    Case("local-tag-refused", replace(P, "miestas: Bandomasis", "miestas: !miestas Bandomasis"), P, 4,
         "neleidžiama YAML žymė „!miestas“: žymės, kuriančios objektus, draudžiamos "
         "(tekstą, prasidedantį „!“, rašykite kabutėse)"),
    # -- images in Markdown
    Case("image-outside-plan-folder", write(INTRO, "# Įvadas\n\n![](../../../etc/passwd.png)\n"), INTRO, 3,
         "paveikslėlis už plano aplanko ribų: „../../../etc/passwd.png“", cli=True),
    Case("reference-image-outside-plan-folder",
         write(INTRO, "# Įvadas\n\n![schema][s]\n\n[s]: ../../../etc/passwd.png\n"), INTRO, 5,
         "paveikslėlis už plano aplanko ribų: „../../../etc/passwd.png“"),
    Case("encoded-image-path-outside-plan-folder", write(INTRO, "# Įvadas\n\n![](%2E%2E/%2E%2E/etc/passwd.png)\n"),
         INTRO, 3, "paveikslėlis už plano aplanko ribų: „%2E%2E/%2E%2E/etc/passwd.png“"),
    Case("image-from-internet", write(INTRO, "# Įvadas\n\nTekstas.\n![logo](https://example.com/a.png)\n"), INTRO, 4,
         "paveikslėlis iš interneto neleidžiamas: „https://example.com/a.png“"),
    Case("image-written-as-code-is-text",
         write(INTRO, "# Įvadas\n\nRašykite `![](../../x.png)` taip.\n\n```\n![](../../../etc/passwd.png)\n```\n"),
         None, errors=0, sample=A),
    Case("image-after-code-is-checked",
         write(INTRO, "# Įvadas\n\n```\nkodas\n```\n\n![](../../../etc/passwd.png)\n"), INTRO, 7,
         "paveikslėlis už plano aplanko ribų: „../../../etc/passwd.png“", sample=A),
    Case("image-file-missing", write(INTRO, "# Įvadas\n\n![](schema.png)\n"), INTRO, 3,
         "paveikslėlio failo nėra: „schema.png“ (ieškoma plano aplanke ir grupių aplankuose skyriai/)"),
    Case("coat-of-arms-not-an-image", replace(P, "miestas: Bandomasis", "miestas: Bandomasis\nherbas: planas.yaml"),
         P, 5, "herbo failas nėra PNG ar JPEG paveikslėlis: „planas.yaml“"),
    # -- unknown keys
    Case("unknown-key-with-suggestion", replace(G, "    vaidmuo: pirmininkas", "    vaidmu: pirmininkas"), G, 12,
         "nežinomas laukas „vaidmu“; gal turėta omenyje „vaidmuo“?", cli=True, build=True),
    Case("unknown-key-lists-known-ones", replace(P, "miestas: Bandomasis", "miestas: Bandomasis\nspalva: raudona"),
         P, 5, "nežinomas laukas „spalva“; galimi laukai: savivaldybė, miestas, herbas, svetainė, meras, planas, "
               "konsultantai, darbo_grafikas, potvarkiai, reglamentas"),
    Case("key-indented-under-wrong-field", replace(P, "miestas: Bandomasis", "  miestas: Bandomasis"), P, 4,
         "laukas „miestas“ čia nežinomas: jis priklauso aukštesniam lygiui – patikrinkite eilutės įtrauką"),
    Case("key-not-indented-enough", replace(P, "  kilmininkas: Bandomosios miesto savivaldybės\n",
                                            "kilmininkas: Bandomosios miesto savivaldybės\n"), P, 3,
         "laukas „kilmininkas“ čia nežinomas: jis rašomas lauke „savivaldybė“ – patikrinkite eilutės įtrauką"),
    # -- a list item with ": " is read as a mapping
    Case("list-item-with-colon",
         replace(P, "reglamentas:", "konsultantai:\n  - Konsultantas: UAB Civitta\nreglamentas:"), P, 28,
         "laukas „konsultantai“: tikėtasi teksto, bet jame yra „: “ – tokį tekstą rašykite kabutėse"),
]

CLI_CASES = [c for c in CASES if c.cli]


def _make(case: Case, tiny: Path, tmp_path: Path) -> Path:
    root = copy_plan(case.sample, tmp_path / "pavyzdys") if case.sample else tiny
    case.edit(root)
    return root


def _assert_report(case: Case, root: Path, code: int, out: str, err: str, shown: Callable[[Path], str]) -> None:
    assert "Traceback" not in out + err, out + err
    assert code == case.exit_code, out + err
    lines = out.splitlines()
    if case.file is not None:
        assert case.expected(root, shown) in lines, out
    summary = lines[-1]
    assert summary.startswith(f"{root}: "), out
    assert f"(klaidų: {case.errors}," in summary, out
    if case.errors == 0 and not case.warning and not case.sample:
        assert summary.endswith(f"(klaidų: 0, įspėjimų: {MISSING_PLAN_FILES})"), out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_check_reports_the_mistake(case, tiny, tmp_path, capsys):
    root = _make(case, tiny, tmp_path)
    code = cli.main(["check", str(root)] + (["--strict"] if case.strict else []))
    captured = capsys.readouterr()
    _assert_report(case, root, code, captured.out, captured.err, display_path)
    assert not (root.parent / "MARKER").exists()



@pytest.mark.parametrize("case", CLI_CASES, ids=lambda c: c.id)
def test_command_line_reports_the_mistake(case, tiny, tmp_path):
    root = _make(case, tiny, tmp_path)
    result = run_cli("check", str(root), *(["--strict"] if case.strict else []))
    _assert_report(case, root, result.returncode, result.stdout, result.stderr, str)
    if case.build:
        out = tmp_path / "out"
        built = run_cli("build", str(root), "order", "--out", str(out))
        assert "Traceback" not in built.stdout + built.stderr
        assert built.returncode == 1, built.stdout + built.stderr
        assert case.expected(root, str) in built.stderr.splitlines()
        assert not out.exists()
    assert not (root.parent / "MARKER").exists()


def test_failed_build_leaves_an_earlier_build_untouched(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, ["order"], out)
    before = snapshot(out)
    replace(G, "vaidmuo: pirmininkas", "vaidmuo: pirminkas")(tiny)
    result = run_cli("build", str(tiny), "order", "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    line = f"{tiny / G}:12: laukas „vaidmuo“: tikėtasi vienos iš: {ROLES}; rasta „pirminkas“"
    assert line in result.stderr.splitlines()
    assert snapshot(out) == before


# ---------------------------------------------------------------- both YAML parsers

# libyaml (used when PyYAML has it) and the pure Python parser word their errors differently;
# an official must get the same line and message from either.
SYNTAX = [
    ("a: [1, 2\nb: 3\n", 1, "neuždarytas laužtinis skliaustas „[“: trūksta „]“ arba kablelio tarp įrašų"),
    ("a: {x: 1\nb: 3\n", 1, "neuždarytas riestinis skliaustas „{“: trūksta „}“ arba kablelio tarp įrašų"),
    ('a: "abc\nb: 3\n', 1, "neuždarytos kabutės: kabutės atidarytos šioje eilutėje, bet niekur neuždarytos"),
    ('x: 1\na: "abc\nb: 3\nc: ["x"]\n', 2,
     "neuždarytos kabutės: kabutės atidarytos šioje eilutėje, o uždaromos tik 4 eilutėje"),
    ("a:\n\tb: 1\n", 2, "tabuliacijos ženklas: įtraukoms naudokite tarpus"),
    ("a:\n  b: 1\n\tc: 2\n", 3, "tabuliacijos ženklas: įtraukoms naudokite tarpus"),
    ("a: b: c\n", 1, "netikėtas dvitaškis: tekstą su „: “ rašykite kabutėse, o naujo lauko įtrauka turi sutapti su "
                     "kitų to paties lygio laukų įtrauka"),
    ("a: * x\n", 1, "„*“ ir „&“ reikšmės pradžioje YAML reiškia nuorodą: tokį tekstą rašykite kabutėse"),
    ("a: *nera\n", 1, "nežinoma YAML nuoroda „*nera“: tekstą, prasidedantį „*“, rašykite kabutėse"),
    ("a: @x\n", 1, "simbolis „@“ negali pradėti reikšmės: tokį tekstą rašykite kabutėse"),
    ('a: "x" y\n', 1, "po uždarančių kabučių eilutėje dar yra teksto: kabutes teksto viduje rašykite lietuviškas "
                      "(„…“) arba visą reikšmę apgaubkite kitokiomis kabutėmis"),
    ('a: "\\q"\n', 1, "neleistina „\\“ seka dvigubose kabutėse: rašykite „\\\\“ arba naudokite viengubas kabutes"),
    ("a:\n  b: 1\n c: 2\n", 3, "neteisinga įtrauka: eilutė nesutampa su aukščiau esančiais laukais "
                               "(arba trūksta dvitaškio)"),
    ("a:\n  - x\n  y: 2\n", 3, "neteisinga sąrašo įtrauka: visi sąrašo įrašai turi prasidėti „-“ ta pačia įtrauka"),
    ("a: 1\nb c\nd: 2\n", 2, "trūksta dvitaškio po lauko pavadinimo (arba neteisinga įtrauka)"),
    ("a: - x\n", 1, "netikėtas „-“: sąrašo įrašas rašomas naujoje eilutėje, o tekstą, prasidedantį „-“, "
                    "rašykite kabutėse"),
    ("a: > x\n", 1, "po „|“ ar „>“ tekstas rašomas naujoje eilutėje; tekstą, prasidedantį jais, rašykite kabutėse"),
    ("a: 1\n---\nb: 2\n", 2, "faile gali būti tik vienas dokumentas: pašalinkite eilutę „---“"),
]
PARSERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.mark.parametrize("loader", PARSERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("text, line, message", SYNTAX, ids=[str(i) for i in range(len(SYNTAX))])
def test_both_yaml_parsers_give_the_same_message(loader, text, line, message):
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
    assert yaml_problem(raised.value, text) == (line, message), raised.value


# ---------------------------------------------------------------- templates


def _templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return templates


def _edit_template(path: Path, old: str, new: str) -> None:
    """Change the text of a template's word/document.xml, keeping every other part as it is."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml, old
                data = xml.replace(old, new, 1).encode("utf-8")
            z.writestr(info, data)


TEMPLATE_CASES = [
    ("split-tag", "order.docx", "{{ city }}", "{{ city",
     "neuždaryta žymė „{{ city“: trūksta „}}“ (žymė turi būti vienoje pastraipoje)"),
    ("unknown-tag", "order.docx", "{{ city }}", "{% frobnicate %}", "nežinoma žymė „{% frobnicate %}“"),
    ("unknown-filter", "order.docx", "{{ city }}", "{{ city|kapitalizuok }}",
     "nežinomas filtras „kapitalizuok“ žymėje „{{ city|kapitalizuok }}“"),
    ("block-not-closed", "order.docx", "{%p endif %}", "", "blokas „{% if order.is_draft %}“ neuždarytas: "
                                                        "trūksta „{% endif %}“"),
    ("unknown-variable", "regulations.docx", "{{", "{{ miestas }}{{", "naudojamas nežinomas kintamasis „miestas“ "
                                                                      "(žymė „{{ miestas }}“)"),
]


@pytest.mark.parametrize("name, template, old, new, message", TEMPLATE_CASES, ids=[c[0] for c in TEMPLATE_CASES])
def test_broken_template_names_template_and_tag(tiny, tmp_path, name, template, old, new, message):
    templates = _templates(tmp_path)
    _edit_template(templates / template, old, new)
    out = tmp_path / "out"
    with pytest.raises(StageError) as raised:
        build(tiny, ["order"], out, Options(templates=templates))
    assert str(raised.value).endswith(f"šablone {display_path(templates / template)} {message}"), str(raised.value)
    assert not out.exists()


def test_missing_template_is_named(tiny, tmp_path):
    templates = _templates(tmp_path)
    (templates / "order.docx").unlink()
    out = tmp_path / "out"
    with pytest.raises(StageError) as raised:
        build(tiny, ["order"], out, Options(templates=templates))
    assert str(raised.value).endswith(f"šablono nėra: {display_path(templates / 'order.docx')}")
    assert not out.exists()


def test_template_expression_that_fails_is_a_stage_error(tiny, tmp_path):
    templates = _templates(tmp_path)
    _edit_template(templates / "order.docx", "{{ city }}", "{{ 1 / 0 }}")
    with pytest.raises(StageError, match="order.docx nepavyko užpildyti: ZeroDivisionError"):
        build(tiny, ["order"], tmp_path / "out", Options(templates=templates))
    assert not (tmp_path / "out").exists()
