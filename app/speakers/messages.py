"""The Norwegian words for what the portal's rules and upload checks refuse."""
from __future__ import annotations

from flask_babel import gettext as _

from app.speakers.materials import MAX_MATERIALS
from app.speakers.service import PortalError
from app.speakers.uploads import MATERIAL_MAX_BYTES, MB, PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, UploadError


def upload_message(err: UploadError, what: str) -> str:
    """`what` is 'photo' or 'material'."""
    if err.reason == "empty":
        return _("Filen er tom. Velg en annen fil.")
    if err.reason == "too_large":
        if what == "photo":
            return _("Bildet er større enn %(mb)d MB. Velg et mindre bilde.", mb=PHOTO_MAX_BYTES // MB)
        return _("Filen er større enn %(mb)d MB. Gjør den mindre, eller legg den ut et annet sted og del en lenke.",
                 mb=MATERIAL_MAX_BYTES // MB)
    if err.reason in ("too_many_pixels", "decode_too_large"):
        return _pixels_message(err)
    if err.reason == "rate_limited":
        return _("Du har lastet opp mange filer på kort tid. Vent noen minutter og prøv igjen.")
    if err.reason == "not_material":
        return _("Filen er ikke en PDF, PowerPoint (PPTX), Keynote- eller ODP-presentasjon. "
                 "Vi ser på innholdet i filen, ikke på navnet.")
    return _("Filen er ikke et bilde vi kan lese. Last opp et bilde i JPEG- eller PNG-format. "
             "Vi ser på innholdet i filen, ikke på navnet.")


def _pixels_message(err: UploadError) -> str:
    limit = _("Vi tar imot bilder på høyst %(mp)d megapiksler.", mp=err.limit_pixels // 1_000_000)
    if err.reason == "decode_too_large":
        limit = _("Som PNG tar vi imot høyst %(mp)d megapiksler; som JPEG opptil %(jpeg)d.",
                  mp=err.limit_pixels // 1_000_000, jpeg=PHOTO_MAX_PIXELS // 1_000_000)
    if err.size is None:
        found = _("Bildet har for mange piksler til at vi kan behandle det trygt.")
    else:
        width, height = err.size
        found = _("Bildet er %(width)d × %(height)d piksler (%(mp)d megapiksler), for mange til at vi kan behandle "
                  "det trygt.", width=width, height=height, mp=round(width * height / 1_000_000))
    return " ".join((found, limit, _("Lagre bildet i mindre størrelse, for eksempel 3000 × 2000 piksler, og last det "
                                     "opp igjen.")))


def portal_message(err: PortalError) -> str:
    if err.reason == "locked":
        return _("Fristen for å endre denne sesjonen har gått ut. Kontakt arrangøren hvis noe må rettes.")
    if err.reason == "too_many_materials":
        return _("En sesjon kan ha høyst %(num)d filer og lenker. Slett noe før du legger til mer.", num=MAX_MATERIALS)
    return _("Skriv inn en hel nettadresse som begynner med https:// eller http://.")


def too_large_message() -> str:
    return _("Filen er for stor. Bilder kan være opptil %(photo)d MB og presentasjoner opptil %(material)d MB.",
             photo=PHOTO_MAX_BYTES // MB, material=MATERIAL_MAX_BYTES // MB)
