"""On air and on Zalo: read-out scripts for the commune loudspeakers, audio drafts and clips.

From one article: `script` rewrites it for the ear (with `spoken`, the spoken form of numbers,
dates, money and legal document numbers, and `glossary`, the abbreviations of
data/tu-viet-tat.yml), `voice` speaks it (espeak-ng behind one small interface), `audio` makes
the loudness-normalised MP3 draft, `clip` the 1080×1920 video for Zalo groups, and `pages`
the pages of the site. Settings live in data/phat-thanh.yml (`settings`).
"""
