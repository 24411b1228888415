from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length


class LinkRequestForm(FlaskForm):
    email = EmailField(
        _l("E-postadresse"),
        validators=[DataRequired(_l("Skriv inn e-postadressen din.")),
                    Email(_l("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.")), Length(max=254)],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
