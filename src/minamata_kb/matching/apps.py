from typing import Any

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "minamata_kb.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Check every saved or imported activity for duplicated effort (seed ¶20)."""
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_save

        from minamata_kb.matching.technology import KIND, build, collect
        from minamata_kb.publishing import editions

        editions.register(KIND, collect, build)  # the Article 14(4) review is a COP document

        try:  # needs follow their statements (issue 13): matching subscribes to submissions
            statement = apps.get_model("submissions", "Statement")
        except LookupError:
            statement = None
        if statement is not None:
            from minamata_kb.matching.follow import statement_saved

            post_save.connect(
                statement_saved,
                sender=statement,
                weak=False,
                dispatch_uid="matching_statement_saved",
            )
            from minamata_kb.matching.follow import submission_withdrawn
            from minamata_kb.submissions import signals

            # a submission withdrawn or replaced by a new version no longer counts
            signals.submission_withdrawn.connect(
                submission_withdrawn, weak=False, dispatch_uid="matching_submission_withdrawn"
            )
            signals.submission_replaced.connect(
                submission_withdrawn, weak=False, dispatch_uid="matching_submission_replaced"
            )

        try:
            activity = apps.get_model("activities", "Activity")
        except LookupError:
            return

        def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
            if raw:  # fixtures and restores load rows as they are
                return
            from minamata_kb.matching.duplication import enabled, schedule_check

            if enabled():
                schedule_check(instance.pk)

        def m2m(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
            if action not in {"post_add", "post_remove", "post_clear"}:
                return
            if not isinstance(instance, activity):
                return
            from minamata_kb.matching.duplication import enabled, schedule_check

            if enabled():
                schedule_check(instance.pk)

        post_save.connect(
            saved, sender=activity, weak=False, dispatch_uid="matching_activity_saved"
        )
        from minamata_kb.activities.signals import activity_imported
        from minamata_kb.matching.duplication import activity_imported as check_imported

        # the IATI import reports the pairs flagged for what it imported
        activity_imported.connect(
            check_imported, weak=False, dispatch_uid="matching_activity_imported"
        )
        for rel in ("beneficiary_countries", "topics"):
            m2m_changed.connect(
                m2m,
                sender=getattr(activity, rel).through,
                weak=False,
                dispatch_uid=f"matching_activity_{rel}",
            )
