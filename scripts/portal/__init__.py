"""Tooling for the Trần Phú commune workers' portal: content, rendering and publishing.

The modules here do not import MkDocs; `mkdocs_plugin` is the only adapter to it.
"""
