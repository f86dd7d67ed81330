"""Django's own MigrationLoader fed with the migrations migcheck extracted
(an `inspect --format json` document), without project settings or imports:
shared by compare_django_loader.py and compare_range.py.
"""
import django
from django.conf import settings


def django_graph(inspect, auth_user_model="auth.User", swappable=None):
    """The loader (with its graph built) for the migrations of an inspect
    document; `swappable` sets swapper's settings (NAME: "app.Model")."""
    if not settings.configured:
        settings.configure(INSTALLED_APPS=[], DATABASES={}, AUTH_USER_MODEL=auth_user_model, **(swappable or {}))
        django.setup()

    def setting_app(setting):
        """The app of the model `settings.X` names (None when X is not set), or of a literal "app.Model"."""
        named = getattr(settings, setting.removeprefix("settings."), None) if setting.startswith("settings.") else setting
        return named.rpartition(".")[0] if named else None

    def swapper_app(app, model):
        """The app of the model that stands for app.model, as swapper's get_model_name gives it."""
        setting = "AUTH_USER_MODEL" if (app, model) == ("auth", "User") else f"{app}_{model}_MODEL".upper()
        return setting_app("settings." + setting) or app
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations import Migration

    class Loader(MigrationLoader):
        def load_disk(self):
            self.disk_migrations = {}
            self.unmigrated_apps = set()
            self.migrated_apps = set()
            for f in inspect["files"]:
                if f["status"] != "migration":
                    continue
                m = Migration(f["name"], f["app"])
                deps = []
                for d in f["dependencies"]:
                    if isinstance(d, list):
                        deps.append(tuple(d))
                    elif "default" in d:
                        # swapper's dependency(), as it computes it.
                        deps.append((setting_app(d["swappable"]) or d["default"][0], d["default"][1]))
                    elif "model" in d:
                        # swapper's dependency(*swapper.split(settings.X)); an unset X stops Django's import.
                        named = getattr(settings, d["model"].removeprefix("settings."), None)
                        if named:
                            app, _, model = named.rpartition(".")
                            deps.append((swapper_app(app, model), d["version"]))
                    elif "swappable" in d and setting_app(d["swappable"]):
                        deps.append((setting_app(d["swappable"]), "__first__"))
                m.dependencies = deps
                m.replaces = [tuple(r) for r in f["replaces"] if isinstance(r, list)]
                m.run_before = [tuple(r) for r in f["run_before"] if isinstance(r, list)]
                key = (f["app"], f["name"])
                if key in self.disk_migrations:
                    continue
                self.disk_migrations[key] = m
                self.migrated_apps.add(f["app"])
            # Apps depended on but not here are Django's or third-party ones: loaded from packages, not checked here.
            for m in self.disk_migrations.values():
                for app, _ in m.dependencies + m.run_before:
                    if app not in self.migrated_apps:
                        self.unmigrated_apps.add(app)

        def add_external_dependencies(self, key, migration):
            migration.dependencies = [d for d in migration.dependencies if d[0] not in self.unmigrated_apps or d[1] == "__first__"]
            # A run_before naming such an app's migration makes that one a child; it is not here to hold the edge.
            migration.run_before = [r for r in migration.run_before if r[0] not in self.unmigrated_apps]
            super().add_external_dependencies(key, migration)

    loader = Loader(None, load=False)
    loader.build_graph()
    return loader
