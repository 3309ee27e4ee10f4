"""Static files in production: hashed names, compressed copies (WhiteNoise), and each file's
address looked up once a process. The manifest does not change while the server runs, and a
workbench page names about fifteen files: looking each up again cost half a millisecond a page."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            address = self._addresses[name] = super().url(name)
            return address
