from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "workshift.leadership"
    label = "leadership"
    verbose_name = "Scalable leadership"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from workshift.leadership.signals import pin_new_pilot
        from workshift.pilots.models import Pilot

        post_save.connect(pin_new_pilot, sender=Pilot, dispatch_uid="leadership-pin-playbook")
