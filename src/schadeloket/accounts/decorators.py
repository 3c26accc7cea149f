"""Access to the staff area: logged in, staff, and verified with the second factor."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def staff_verified_required(view_func):
    """Send anonymous or unverified users to the staff login; refuse non-staff outright."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not user.is_verified():
            return redirect_to_login(request.get_full_path())
        if not user.is_staff:
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return wrapper
