"""The role check every blueprint uses: `@roles_required(UserRole.ORGANISER)`."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.core.errors import wants_json
from app.models import UserRole


def roles_required(*roles: UserRole) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if wants_json():
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


organiser_required = roles_required(UserRole.ORGANISER)
staff_required = roles_required(UserRole.ORGANISER, UserRole.STAFF)
