"""Static files in production: names with a content hash, cached by browsers for good.

A page then loads its styles and scripts from the browser's cache without asking the server
again; a new release changes the hashed names. Source-map comments are left as they are: the
vendored files name maps that are not shipped. (Files are not compressed here: compressing
every file on each start took most of a minute; a proxy in front compresses on the way out.)
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin, ManifestStaticFilesStorage

CSS_PATTERNS = next(found for glob, found in HashedFilesMixin.patterns if glob == "*.css")


class StaticStorage(ManifestStaticFilesStorage):
    manifest_strict = False  # a file missing from the manifest is served under its plain name
    patterns = (("*.css", tuple(p for p in CSS_PATTERNS if "sourceMappingURL" not in str(p))),)
