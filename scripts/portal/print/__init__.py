"""On paper: posters, handouts and conference decks made from the articles, as PDF.

`sheet` gathers what an article says for paper (title, summary, figures of the register on the
build day, infographics, legal basis, Q&A excerpts, contacts), `qr` makes the QR code of its
address, `pdf` lays the pages out from the templates in `overrides/print/` and writes the PDF
with WeasyPrint, `library` caches the outputs by a hash of their inputs and lists them for the
site, `select` finds the articles a command names. Nothing here imports MkDocs or the CLI.
"""
