from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "project.users"
    label = "accounts"
