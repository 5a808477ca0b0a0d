"""The chart library, served from our own static files (no CDN: Workshift works offline).

`python -m workshift.impact.vega` writes Vega, Vega-Lite and vega-embed, bundled by
vl-convert, into workshift/impact/static/impact/vega-bundle.js. The app writes it
on start-up too when the file is missing.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE = Path(__file__).resolve().parent / "static" / "impact" / "vega-bundle.js"


def bundle_write(*, force: bool = False) -> Path:
    if BUNDLE.exists() and not force:
        return BUNDLE
    import vl_convert

    BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    BUNDLE.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
    return BUNDLE


if __name__ == "__main__":
    print(bundle_write(force=True))
