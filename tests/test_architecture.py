# SPDX-License-Identifier: AGPL-3.0-or-later
"""The house rules that carry the design, read from the code itself (docs/architecture.md).

Each rule is a function that takes source text and returns its violations, so that a planted
violation proves the rule can fail, and the real tree proves it holds."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORLOB = ROOT / "forlob"

# The layer order of the apps: an app imports only from apps in lower layers; apps in one layer
# are peers and import nothing from each other. A lower app that must react to a higher one
# defines a hook that the higher app registers in its AppConfig.ready().
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"common", "formats"}),  # formats: Django's Danish date formats, imports nothing
    frozenset({"organisations"}),
    frozenset({"audit"}),
    frozenset({"citizens"}),
    frozenset({"treatment"}),
    frozenset({"family"}),
    frozenset({"instruments", "followup", "competences", "prevention", "medical", "appointments", "cooperation"}),
    frozenset({"psychiatry", "coordination", "registers"}),
    frozenset({"oversight"}),
    frozenset({"stats"}),
    frozenset({"strategy", "kl12"}),
    frozenset({"accounts"}),
    frozenset({"api", "demo"}),
)
LAYER = {app: level for level, apps in enumerate(LAYERS) for app in apps}
# forlob/settings.py, forlob/urls.py, forlob/wsgi.py: the project wires everything together.
PROJECT = len(LAYERS)

# Calls that write a model row. `update` is a write only on a queryset or manager (dicts and
# sets have an update method too), so it counts when called on `.objects` or a queryset call.
WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_CALLS = {"objects", "filter", "exclude", "all", "select_for_update", "order_by", "using"}

# Modules that write outside an actions module, each with the reason it may.
WRITE_ALLOWED: dict[str, str] = {
    "audit/log.py": "the access log's own writer: every logged read ends here",
    "audit/security.py": "the security events' own writer",
    "audit/models.py": "the access log's append-only guard calls the model's own save",
    "accounts/sessions.py": "bookkeeping of Django's session store, which has no history",
    "treatment/models.py": "Request.save leaves the pre-aggregated first start to the action that refreshes it",
    "citizens/management/commands/rotate_cpr_key.py": "bulk re-encryption of every CPR number under a new key",
    "oversight/retention.py": "retention deletes and blanks in bulk by age and, by design, keeps no history",
    "stats/suppression.py": "the store of suppressed tables: outcomes keyed by a digest of counts, no domain data",
}


# Models that hold person data: read only through queries functions that log what they return.
PERSON_MODELS = {
    "Citizen", "Registration", "Request", "Referral", "ContactRequest", "Course", "Goal",
    "GroupMembership", "Session", "GroupAttendance", "Relation", "ChildrenAssessment", "Consent",
    "SharedVisitation", "FamilyOffer", "SessionChild", "FollowUp", "Attempt", "Response", "TargetGroupMarker",
    "SessionAddendum", "Appointment", "AppointmentSeries", "Assessment", "OutsideFinding", "GpLetter",
    "Medication", "Dispensing", "DetoxEpisode",
    "ActionPlan", "PlanParty", "PlanAction", "PlanReview", "CaseManager",
}  # fmt: skip
# Modules that read person-data models outside queries and actions, each with the reason it may.
READ_ALLOWED: dict[str, str] = {
    "oversight/retention.py": "retention selects rows by age to delete them; it shows nothing",
    "citizens/management/commands/rotate_cpr_key.py": "bulk re-encryption of every CPR number under a new key",
    "treatment/journal.py": "the journal's entries, read only through the logged journal queries of treatment",
}


def python_files() -> Iterator[Path]:
    for path in sorted(FORLOB.rglob("*.py")):
        if "migrations" not in path.relative_to(FORLOB).parts:
            yield path


def app_of(module: str) -> str | None:
    """The app a dotted module name belongs to; None for modules outside forlob."""
    parts = module.split(".")
    if parts[0] != "forlob" or len(parts) < 2:
        return None
    return parts[1] if (FORLOB / parts[1]).is_dir() else "project"


def level_of(app: str) -> int:
    return PROJECT if app == "project" else LAYER[app]


def upward_imports(app: str, source: str) -> list[str]:
    """Imports in one module of `app` that point at its own layer or above (another app)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            target = app_of(module)
            if target is None or target == app:
                continue
            if target not in LAYER and target != "project":
                found.append(f"line {node.lineno}: {module} (app without a layer)")
            elif level_of(target) >= level_of(app):
                found.append(f"line {node.lineno}: {module}")
    return found


def model_writes(source: str) -> list[str]:
    """Calls in one module that write a model row."""
    tree = ast.parse(source)
    # `@router.delete("/…")` declares an operation; it writes nothing.
    decorators = {
        id(decorator)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in node.decorator_list
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)) or id(node) in decorators:
            continue
        name = node.func.attr
        receiver = node.func.value
        on_queryset = (isinstance(receiver, ast.Attribute) and receiver.attr == "objects") or (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Attribute)
            and receiver.func.attr in QUERYSET_CALLS
        )
        # save(commit=False) of a form, or save(path) of a document, writes no row: a model's save
        # takes keyword arguments only.
        not_a_model_save = name == "save" and (
            any(not isinstance(arg, ast.Starred) for arg in node.args)
            or any(k.arg == "commit" and ast.unparse(k.value) == "False" for k in node.keywords)
        )
        if (name in WRITES and not not_a_model_save) or (name == "update" and on_queryset):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}()")
    return found


def is_actions_module(path: Path) -> bool:
    return path.name == "actions.py" or path.parent.name == "actions"


def test_every_app_has_a_layer() -> None:
    apps = {p.name for p in FORLOB.iterdir() if (p / "__init__.py").exists()}
    assert apps - LAYER.keys() == set(), "add the new app to LAYERS and to docs/architecture.md"


def test_no_app_imports_against_the_layer_order() -> None:
    violations = []
    for path in python_files():
        relative = path.relative_to(FORLOB)
        app = relative.parts[0] if len(relative.parts) > 1 else "project"
        violations += [f"{relative} {found}" for found in upward_imports(app, path.read_text())]
    assert violations == []


def test_the_layer_rule_fails_on_an_upward_import() -> None:
    planted = "from forlob.common.errors import refuse\ndef f():\n    from forlob.stats import live\n"
    assert upward_imports("treatment", planted) == ["line 3: forlob.stats"]
    assert upward_imports("followup", "import forlob.instruments.queries\n") == ["line 1: forlob.instruments.queries"]
    assert upward_imports("stats", "from forlob.treatment.models import Course\n") == []


def test_models_are_written_only_in_actions() -> None:
    violations = []
    for path in python_files():
        relative = str(path.relative_to(FORLOB))
        if is_actions_module(path) or relative in WRITE_ALLOWED:
            continue
        violations += [f"{relative} {found}" for found in model_writes(path.read_text())]
    assert violations == []


def test_the_write_rule_fails_on_a_write_outside_actions() -> None:
    planted = (
        "def view(request, course):\n"
        "    course.save()\n"
        "    Course.objects.filter(pk=1).update(status='x')\n"
        "    Note.objects.create(text='x')\n"
        "    options = {}\n"
        "    options.update(a=1)\n"
        "    document.save(out)\n"
        "    formset.save(commit=False)\n"
        "@router.delete('/notes/{pk}')\n"
        "def remove(request, pk):\n"
        "    Note.objects.filter(pk=pk).delete()\n"
    )
    assert model_writes(planted) == [
        "line 2: course.save()",
        "line 3: Course.objects.filter(pk=1).update()",
        "line 4: Note.objects.create()",
        "line 11: Note.objects.filter(pk=pk).delete()",
    ]


@pytest.mark.parametrize("module", sorted(WRITE_ALLOWED))
def test_each_allowed_writer_exists_and_writes(module: str) -> None:
    """An allow-list entry that no longer writes (or no longer exists) is removed, not kept."""
    assert model_writes((FORLOB / module).read_text())


def test_no_module_is_longer_than_500_lines() -> None:
    long = {str(p.relative_to(FORLOB)): n for p in python_files() if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}


def person_reads(source: str) -> list[str]:
    """Direct reads of a person-data model's rows (`Citizen.objects…`), for models imported from
    Forløb's own apps (Django's session model is no person data)."""
    tree = ast.parse(source)
    models = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("forlob.")
        for alias in node.names
        if alias.name in PERSON_MODELS
    }
    return [
        f"line {node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("objects", "_default_manager")
        and isinstance(node.value, ast.Name)
        and node.value.id in models
    ]


def unlogged_queries(source: str) -> list[str]:
    """Public query functions that return person data without logging what they return."""
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or node.returns is None:
            continue
        returned = {n.id for n in ast.walk(node.returns) if isinstance(n, ast.Name)}
        logs = any(
            isinstance(call, ast.Call)
            and (getattr(call.func, "id", "") or getattr(call.func, "attr", "")).startswith("log_")
            for call in ast.walk(node)
        )
        if returned & PERSON_MODELS and not logs:
            found.append(f"line {node.lineno}: {node.name}")
    return found


def may_read_person_rows(path: Path) -> bool:
    relative = path.relative_to(FORLOB)
    return (
        path.name in ("queries.py", "models.py")
        or is_actions_module(path)
        or relative.parts[0] == "stats"  # statistics aggregate in the database; persons never leave it
        or str(relative) in READ_ALLOWED
    )


def test_person_data_is_read_only_through_queries_and_actions() -> None:
    violations = []
    for path in python_files():
        if not may_read_person_rows(path):
            found = person_reads(path.read_text())
            violations += [f"{path.relative_to(FORLOB)} {f}" for f in found]
    assert violations == []


def test_every_public_query_of_person_data_logs_what_it_returns() -> None:
    violations = []
    for path in python_files():
        if path.name == "queries.py":
            violations += [f"{path.relative_to(FORLOB)} {f}" for f in unlogged_queries(path.read_text())]
    assert violations == []


def test_the_read_rules_fail_on_a_planted_violation() -> None:
    view = (
        "from forlob.treatment.models import Course\n\n"
        "def view(request):\n    rows = Course.objects.filter(unit=1)\n    Unit.objects.all()\n"
    )
    assert person_reads(view) == ["line 4: Course.objects"]
    assert person_reads("from django.contrib.sessions.models import Session\nSession.objects.all()\n") == []
    queries = (
        "def visible_courses(actor) -> QuerySet[Course]:\n    return Course.objects.all()\n\n"
        "def course_page(actor, page) -> list[Course]:\n"
        "    rows = list(_visible(actor)[:25])\n    log_many(actor, Use.LIST, rows)\n    return rows\n\n"
        "def _visible(actor) -> QuerySet[Course]:\n    return Course.objects.all()\n"
    )
    assert unlogged_queries(queries) == ["line 1: visible_courses"]


@pytest.mark.parametrize("module", sorted(READ_ALLOWED))
def test_each_allowed_reader_exists_and_reads(module: str) -> None:
    assert person_reads((FORLOB / module).read_text())
