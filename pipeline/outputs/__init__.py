"""Outputs: what leaves the machine beside the .docx files.

In: rendered documents and a Plan. Out: files in `build/<plan>/` written whole (with the records that
let an unchanged build do nothing: inputs), PDFs through LibreOffice (pdf, lo_export), and the public
website (the site package).
"""
