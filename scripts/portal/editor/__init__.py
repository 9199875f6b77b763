"""The web editor: Decap CMS's interface over the portal's own git backend and checks.

`config` makes Decap's configuration from the project's schemas (sections, front matter,
tags, categories, the plan, the local data), so the form never drifts from `portal check`.
`gitstore` writes commits with git's plumbing: only the files of an entry, never `git add .`,
never a switch of branch in anyone's work tree. `backend` answers Decap's proxy protocol on
top of it and runs `portal check` on every saved entry; an entry with errors is not published.
`server` serves it all on 127.0.0.1 only.
"""
