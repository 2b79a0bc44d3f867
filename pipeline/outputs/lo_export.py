"""Export .docx files to PDF with LibreOffice, updating indexes and fields first.

Run by the Python that has LibreOffice's UNO bridge (Debian: /usr/bin/python3 with python3-uno),
not by the project's virtual environment:

    python3 lo_export.py PROFILE_DIR PIPE_NAME IN.docx OUT.pdf [IN.docx OUT.pdf ...]
    python3 lo_export.py PROFILE_DIR PIPE_NAME --serve     (pairs "IN<TAB>OUT" on standard input)

LibreOffice runs headless with its own profile folder, so parallel runs never share one.
A plain `soffice --convert-to pdf` leaves the table of contents empty; here every index is
updated (twice: filling the table of contents moves the pages it lists) before export.
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile: str, pipe: str):
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens; any other error ends the wait below
            if office.poll() is not None or time.monotonic() > deadline:
                office.kill()
                raise SystemExit("LibreOffice did not start") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def export(desktop, source: str, target: str) -> None:
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                            (prop("Hidden", True),))
    try:
        for _ in range(2):
            indexes = document.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            document.getTextFields().refresh()
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", (
            prop("SelectPdfVersion", 2),  # PDF/A-2b
            prop("UseTaggedPDF", True),
            prop("ExportBookmarks", True),
        ))
        temporary = target + ".part"
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(temporary)),
                            (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data)))
        os.replace(temporary, target)
    finally:
        document.close(True)


def serve(desktop):
    """Convert "IN<TAB>OUT" lines from standard input until it closes, answering "ok" or the error."""
    print("ready", flush=True)
    for line in sys.stdin:
        source, _, target = line.rstrip("\n").partition("\t")
        try:
            export(desktop, source, target)
            print("ok", flush=True)
        except Exception as exc:  # the caller reports it; the office stays up for the next file
            print(f"{type(exc).__name__}: {exc}".replace("\n", " "), flush=True)


def main(argv):
    profile, pipe, rest = argv[1], argv[2], argv[3:]
    office, desktop = connect(profile, pipe)
    try:
        if rest == ["--serve"]:
            serve(desktop)
        else:
            for source, target in zip(rest[0::2], rest[1::2], strict=True):
                export(desktop, source, target)
                print(target, flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as soffice exits; nothing left to do
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv)
