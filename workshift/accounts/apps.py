from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workshift.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
