from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.work_list_page, name="work-list"),
    path("nieuw/", views.new_case, name="new-case"),
    path("toetsing/", views.review_list, name="review-list"),
    path("toetsing/statistiek/", views.sampling_statistics_page, name="sampling-statistics"),
    path("toetsing/<str:reference>/", views.review_case, name="review"),
    path("opname/", views.inspection_list, name="inspection-list"),
    path("betalingen/", views.payments, name="payments"),
    path("betalingen/maken/", views.export_payments, name="export-payments"),
    path("betalingen/<str:message_id>/bestand/", views.batch_file, name="batch-file"),
    path("betalingen/<str:message_id>/betaald/", views.batch_paid, name="batch-paid"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/tijdlijn/", views.case_timeline, name="timeline"),
    path("<str:reference>/stap/", views.case_transition, name="transition"),
    path("<str:reference>/toewijzen/", views.case_assign, name="assign"),
    path("<str:reference>/documenten/", views.document_upload, name="document-upload"),
    path("<str:reference>/documenten/<uuid:public_id>/", views.document_download, name="document-download"),
    path("<str:reference>/opname/", views.inspection_record, name="inspection-record"),
    path("<str:reference>/opname/<int:item_id>/oordeel/", views.expert_assessment, name="expert-assessment"),
    path("<str:reference>/besluit/regels/", views.decision_draft, name="decision-draft"),
    path("<str:reference>/besluit/antwoorden/", views.decision_answers, name="decision-answers"),
    path("<str:reference>/besluit/afwijken/", views.decision_deviate, name="decision-deviate"),
    path("<str:reference>/besluit/zienswijze/", views.decision_view, name="decision-view"),
    path("<str:reference>/besluit/definitief/", views.decision_finalize, name="decision-finalize"),
    path("<str:reference>/brieven/<int:letter_id>/", views.letter_download, name="letter-download"),
    path("<str:reference>/betaling/", views.payment_order, name="payment-order"),
    path("<str:reference>/berichten/", views.message_reply, name="message-reply"),
]
