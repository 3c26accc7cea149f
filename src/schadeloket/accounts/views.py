"""Staff login and logout. Thin: the form checks, django-otp marks the session as verified."""

from django.contrib.auth import views as auth_views
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from .forms import StaffLoginForm


@method_decorator(sensitive_post_parameters("password", "otp_token"), name="dispatch")
class StaffLoginView(auth_views.LoginView):
    form_class = StaffLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        otp_login(self.request, form.otp_device)
        return response


class StaffLogoutView(auth_views.LogoutView):
    pass
