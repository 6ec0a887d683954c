"""Versions: the registry's (one number that every write bumps, so that pages
cached under it go stale at once) and each record's own edit version
(optimistic concurrency for forms and spreadsheet rows)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import version


class RegistryVersion(models.Model):
    """One row: the registry's version, bumped by every write (registry/version.py)."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("registry version")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="registry_version_is_one_row")]


class VersionedQuerySet(models.QuerySet):
    """A queryset whose bulk writes bump the registry's version, as save() does."""

    def update(self, **kwargs):
        version.changed(self.db)
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        version.changed(self.db)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        version.changed(self.db)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        version.changed(self.db)
        return super().bulk_update(objs, *args, **kwargs)


class Versioned(models.Model):
    """A record of the registry: saving or deleting one bumps its version."""

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        version.changed(kwargs.get("using") or self._state.db)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        version.changed(kwargs.get("using") or self._state.db)
        return super().delete(*args, **kwargs)

class EditVersioned(models.Model):
    """Optimistic concurrency: every save counts one more version, so that
    a form or a spreadsheet row prepared from an older version is refused
    rather than silently undoing what someone saved meanwhile."""

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    # Bookkeeping, not content: left out of "what changed meanwhile".
    NOT_CONTENT = {"version", "created_at", "updated_at", "search_text"}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def current_version(self, lock=False):
        """The version in the database now; with lock, the row stays locked
        until the transaction ends, so that two saves cannot both pass the check."""
        rows = type(self)._default_manager.filter(pk=self.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def changes_since(self, version):
        """(who, when, [(field label, then, now)]) of what changed after the
        given version, from the audit trail."""
        records = self.history.order_by("-history_date", "-history_id")
        latest = records.first()
        then = records.filter(version__lte=version).first()
        if latest is None:
            return None, None, []
        changes = []
        if then is not None and then.pk != latest.pk:
            delta = latest.diff_against(then, excluded_fields=self.NOT_CONTENT)
            for change in delta.changes:
                field = self._meta.get_field(change.field)
                changes.append((field.verbose_name, _shown(field, change.old), _shown(field, change.new)))
        return latest.history_user, latest.history_date, changes


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"
