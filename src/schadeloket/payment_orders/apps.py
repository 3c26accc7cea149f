from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentOrdersConfig(AppConfig):
    name = "schadeloket.payment_orders"
    label = "payment_orders"
    verbose_name = _("Betaalopdrachten")
