"""The pages of portal that answer in another app's URL namespace; config/urls.py puts them there."""

from django.urls import path

from . import schools, views_school_import

# Under /schools/, in the ``schools`` namespace beside schools' own pages (schools/urls.py).
schools_patterns = [
    path("", schools.school_list, name="school_list"),
    path("<int:pk>/", schools.school_detail, name="school_detail"),
    path("import/", views_school_import.school_import, name="school_import"),
]
