"""What every workbench page shows in its header: the user's role and the languages."""

from .permissions import role_of


def workbench(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_role": role_of(user)}
