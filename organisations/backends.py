from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the email address in any letter case.

    Usernames are email addresses, and people type "Inger@..." as often as "inger@...".
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        users = user_model._default_manager.filter(username__iexact=username.strip())
        # Two accounts that differ only in case: refuse to guess which one is meant.
        if users.count() != 1:
            user_model().set_password(password)  # same work as a real check, against timing
            return None
        user = users.get()
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
