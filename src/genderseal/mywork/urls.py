from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("queue/<slug:kind>/<int:pk>/<slug:name>/", views.queue_move, name="my-work-move"),
]
