from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/khoa-hoc/moi/", views.course_form, name="course-add"),
    path("quan-ly/khoa-hoc/<int:pk>/", views.course_form, name="course-edit"),
    path("quan-ly/khoa-hoc/<int:course_pk>/buoi-hoc/moi/", views.session_add, name="session-add"),
    path("quan-ly/buoi-hoc/<int:pk>/", views.session_edit, name="session-edit"),
    path("quan-ly/buoi-hoc/<int:pk>/dang-ky/", views.session_registrations, name="session-registrations"),
    path("quan-ly/can-bo/", views.officials, name="officials"),
    path("quan-ly/dang-ky/<int:pk>/huy/", views.registration_cancel, name="registration-cancel"),
    path("quan-ly/buoi-hoc/<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("quan-ly/dang-ky/<int:pk>/diem-danh/", views.attendance_mark, name="attendance-mark"),
    path("cua-toi/", views.my_registrations, name="mine"),
    path("diem-danh/<str:code>/", views.check_in, name="check-in"),
    path("chung-nhan/<str:code>.pdf", views.certificate, name="certificate"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
]
