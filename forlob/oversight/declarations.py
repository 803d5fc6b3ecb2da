# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which models hold a citizen's data, found by introspection, and what each app declared about
their fields (``<app>/personal_data.py``, see forlob/common/personal_data.py).

A model is tied to a citizen when a chain of foreign keys leads from it to ``citizens.Citizen``
(through a course, a follow-up, a relation…); its history table (django-simple-history) is tied
with it and follows its declaration. Every concrete field of a tied model that is not a key must
be declared personal or kept, or ``tied_models`` raises: the retention run then refuses to run,
and ``manage.py check`` reports it."""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.module_loading import module_has_submodule

from forlob.citizens.models import Citizen
from forlob.common.personal_data import Policy

DECLARATIONS = "personal_data"
# What simple-history adds to every history table: when and how the row changed (kept), and the
# reason given for the change, free text (personal).
HISTORY_KEPT = ("history_date", "history_type")
HISTORY_PERSONAL = ("history_change_reason",)


@dataclass(frozen=True)
class Tied:
    model: type[models.Model]
    path: str  # the lookup from a row to its citizen's id
    policy: Policy
    is_history: bool

    @property
    def label(self) -> str:
        return self.model._meta.label


def declared_policies() -> dict[type[models.Model], Policy]:
    """Every app's declarations, found like Django's admin modules: by name in each app."""
    policies: dict[type[models.Model], Policy] = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, DECLARATIONS):
            policies.update(import_module(f"{config.name}.{DECLARATIONS}").POLICIES)
    return policies


def base_of(model: type[models.Model]) -> type[models.Model] | None:
    """The tracked model of a history table (simple-history's own attribute), else None."""
    return getattr(model, "instance_type", None)


def path_to_citizen(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from ``model`` to a citizen, as a lookup ending in the
    citizen's id ("citizen", "course__citizen"; "id" for the citizen itself)."""
    if model is Citizen:
        return "id"
    seen = {model}
    queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
    while queue:
        current, prefix = queue.popleft()
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            if not isinstance(target, type) or target in seen:
                continue
            lookup = f"{prefix}{field.name}"
            if target is Citizen:
                return lookup
            seen.add(target)
            queue.append((target, f"{lookup}__"))
    return None


def _history_policy(model: type[models.Model], base: type[models.Model], policy: Policy) -> Policy:
    names = {f.name for f in model._meta.concrete_fields}
    base_pk = base._meta.pk.name if base._meta.pk else "id"
    return Policy(
        personal=tuple(n for n in (*policy.personal, *HISTORY_PERSONAL) if n in names),
        kept=tuple(n for n in (*policy.kept, *HISTORY_KEPT, base_pk) if n in names),
    )


def _data_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a declaration must name: neither the primary key nor a key to another row."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]


def _tied_without_check(
    all_models: Iterable[type[models.Model]] | None = None,
) -> tuple[list[Tied], list[str]]:
    policies = declared_policies()
    tied: list[Tied] = []
    problems: list[str] = []
    for model in apps.get_models(include_auto_created=True) if all_models is None else all_models:
        base = base_of(model)
        path = path_to_citizen(base or model)
        if path is None:
            continue
        # A many-to-many table Django makes holds keys only: nothing to declare.
        policy = policies.get(base or model, Policy() if (base or model)._meta.auto_created else None)
        if policy is None:
            if _data_fields(model):
                problems.append(f"{model._meta.label}: tied to a citizen, but no app declares its fields")
            continue
        if base is not None:
            policy = _history_policy(model, base, policy)
        tied.append(Tied(model, path, policy, is_history=base is not None))
        problems += declaration_problems_of(model, policy)
    return tied, problems


def declaration_problems_of(model: type[models.Model], policy: Policy) -> list[str]:
    label = model._meta.label
    fields = {f.name: f for f in _data_fields(model)}
    declared = [*policy.personal, *policy.kept]
    problems = [f"{label}.{name}: declared neither personal nor kept" for name in fields if name not in declared]
    problems += [f"{label}.{name}: declared, but no such field" for name in declared if name not in fields]
    problems += [f"{label}.{name}: declared twice" for name in set(declared) if declared.count(name) > 1]
    for name in policy.personal:
        if name in fields:
            try:
                empty_value(fields[name])
            except ImproperlyConfigured as error:
                problems.append(str(error))
    return problems


def tied_models() -> list[Tied]:
    """Every model tied to a citizen, with its declaration; raises while any field is undeclared."""
    tied, problems = _tied_without_check()
    if problems:
        raise ImproperlyConfigured("Personal data not declared:\n" + "\n".join(problems))
    return tied


def declaration_problems(all_models: Iterable[type[models.Model]] | None = None) -> list[str]:
    """What is wrong with the declarations of ``all_models`` (default: every installed model)."""
    return _tied_without_check(all_models)[1]


def empty_value(field: models.Field) -> Any:
    """What a personal field holds once emptied."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ImproperlyConfigured(
        f"{field.model._meta.label}.{field.name}: personal, but it has no empty value (make it nullable)"
    )


def filled(field: models.Field) -> Q:
    """Rows where the personal field still holds something."""
    empty = empty_value(field)
    if empty is not None:
        return ~Q(**{field.name: empty})
    present = Q(**{f"{field.name}__isnull": False})
    return present & ~Q(**{field.name: ""}) if isinstance(field, models.CharField | models.TextField) else present


@checks.register(checks.Tags.models)
def check_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [checks.Error(problem, id="forlob.retention.E001") for problem in declaration_problems()]
