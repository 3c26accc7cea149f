"""Planning's answers to what happens to cases elsewhere (connected in `apps.PlanningConfig.ready`)."""

from django.dispatch import receiver

from schadeloket.cases.signals import case_closed

from .services import cancel_for_closed_case


@receiver(case_closed, dispatch_uid="planning.cancel_for_closed_case")
def cancel_appointments_of_closed_case(sender, *, case, status, actor, **kwargs):
    cancel_for_closed_case(case, status=status, actor=actor)
