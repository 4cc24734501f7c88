app_name = "consultations_staff"

urlpatterns: list = []
