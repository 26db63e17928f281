"""The ZIP of photos that may come with a product file.

A photo belongs to the row whose photo column names its file, or else to the row whose product code
is its file name ("RAU-001.jpg" for the code RAU-001, any letter case, any image extension). The
archive is never unpacked to disk: each photo is read into memory, at most its declared size, so a
hostile name ("../../etc/passwd") can do nothing; it is refused all the same, with any name we would
not store. A "zip bomb" is refused from the sizes its directory declares, before anything is read
(Python's zipfile never reads past a declared size), and each photo must be an image Pillow opens
(common/uploads.py, which also refuses images with too many pixels).
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.uploads import MAX_PRODUCT_IMAGE_BYTES, validate_product_image

from .reading import grouped

MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_PHOTOS = 5000
MAX_PHOTO_BYTES = MAX_PRODUCT_IMAGE_BYTES
# Photos hardly compress: their sum unpacked is about the ZIP's size.
MAX_UNPACKED_BYTES = 2 * MAX_ZIP_BYTES
# Photos hardly compress; a file that unpacks to a hundred times its packed size is a bomb.
MAX_COMPRESSION_RATIO = 100
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
# What computers add to a ZIP on their own: skipped, not refused.
SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
# A refused archive lists its first problems only.
MAX_MESSAGES = 20


def photo_key(name: str) -> str:
    """How file names are compared: the name without folders, in one Unicode form, any letter case."""
    return unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().casefold()


@dataclass
class PhotoArchive:
    """An opened ZIP of photos, its entries checked for names and sizes (not yet for content)."""

    archive: zipfile.ZipFile
    # photo_key(file name) -> the entry
    entries: dict[str, zipfile.ZipInfo]
    # what a photo's content check found: key -> (image format, None) or (None, message)
    checked: dict[str, tuple] = field(default_factory=dict)

    def __len__(self):
        return len(self.entries)

    def named(self, name: str) -> str | None:
        """The key of the photo a row's photo column names, or None."""
        key = photo_key(name)
        return key if key in self.entries else None

    def for_code(self, code: str) -> list[str]:
        """The keys of the photos named after a product code."""
        code = photo_key(code)
        return sorted(key for key in self.entries if os.path.splitext(key)[0] == code)

    def check(self, key: str) -> str | None:
        """What is wrong with a photo's content, or None when Pillow opens it as a product photo."""
        if key not in self.checked:
            entry = self.entries[key]
            try:
                image_format = validate_product_image(SimpleUploadedFile(entry.filename, self.read(key)))
            except ValidationError as error:
                self.checked[key] = (None, " ".join(error.messages))
            except (zipfile.BadZipFile, OSError, EOFError):
                self.checked[key] = (None, _("%(name)s is damaged in the ZIP.") % {"name": entry.filename})
            else:
                self.checked[key] = (image_format, None)
        return self.checked[key][1]

    def image_format(self, key: str) -> str:
        return self.checked[key][0]

    def file_name(self, key: str) -> str:
        return self.entries[key].filename

    def read(self, key: str) -> bytes:
        return self.archive.read(self.entries[key])

    def close(self):
        self.archive.close()


def open_photo_archive(upload, *, name: str) -> PhotoArchive:
    """The photos of an uploaded ZIP; ValidationError (a message per problem) for one we refuse."""
    if not upload.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if upload.size > MAX_ZIP_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ZIP_BYTES)},
            code="too_big",
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ValidationError(
            _("%(name)s is not a ZIP file. Put the photos in a folder and compress it as ZIP.") % {"name": name},
            code="format",
        ) from None
    try:
        # Entries whose packed data add up to more than the file share their bytes: a "zip bomb"
        # that makes one small archive unpack to many large files.
        if sum(info.compress_size for info in infos) > upload.size:
            raise ValidationError(_("%(name)s is damaged or built to overload the server.") % {"name": name})
        entries = _entries(infos, name)
    except ValidationError:
        archive.close()
        raise
    return PhotoArchive(archive, entries)


def _skipped(info: zipfile.ZipInfo) -> bool:
    parts = info.filename.replace("\\", "/").split("/")
    return info.is_dir() or parts[0] == "__MACOSX" or parts[-1].startswith(".") or parts[-1].lower() in SYSTEM_FILES


def _unsafe_path(path: str) -> bool:
    path = path.replace("\\", "/")
    return path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in path.split("/") or "\x00" in path


def _entries(infos, name) -> dict[str, zipfile.ZipInfo]:
    problems, entries, unpacked = [], {}, 0
    for info in infos:
        if _unsafe_path(info.filename):
            problems.append(_("“%(path)s” is not allowed as a file name in a ZIP of photos.") % {"path": info.filename})
            continue
        if _skipped(info):
            continue
        if info.flag_bits & 0x1:
            problems.append(
                _("%(path)s is protected by a password; make the ZIP without one.") % {"path": info.filename}
            )
            continue
        unpacked += info.file_size
        key = photo_key(info.filename)
        if os.path.splitext(key)[1] not in IMAGE_EXTENSIONS:
            problems.append(_("%(path)s is not a photo: only JPEG, PNG or WebP files.") % {"path": info.filename})
        elif info.file_size > MAX_PHOTO_BYTES:
            problems.append(
                _("%(path)s is %(size)s; a photo may be at most %(limit)s.")
                % {
                    "path": info.filename,
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(MAX_PHOTO_BYTES),
                }
            )
        elif info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            problems.append(_("%(path)s unpacks to far more than a photo would.") % {"path": info.filename})
        elif key in entries:
            problems.append(
                _("%(path)s and %(other)s have the same name; give each photo its own name.")
                % {"path": info.filename, "other": entries[key].filename}
            )
        else:
            entries[key] = info
    if len(entries) > MAX_PHOTOS:
        problems.insert(
            0,
            _("%(name)s holds more than %(limit)s photos. Split it into several files.")
            % {"name": name, "limit": grouped(MAX_PHOTOS)},
        )
    if unpacked > MAX_UNPACKED_BYTES:
        problems.insert(
            0,
            _("%(name)s unpacks to %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(unpacked), "limit": filesizeformat(MAX_UNPACKED_BYTES)},
        )
    if not problems and not entries:
        problems.append(_("%(name)s holds no photos.") % {"name": name})
    if problems:
        more = len(problems) - MAX_MESSAGES
        problems = problems[:MAX_MESSAGES]
        if more > 0:
            problems.append(_("%(count)s more files have problems.") % {"count": grouped(more)})
        raise ValidationError(problems, code="photos")
    return entries
