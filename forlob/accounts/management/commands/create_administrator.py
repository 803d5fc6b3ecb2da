# SPDX-License-Identifier: AGPL-3.0-or-later
import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forlob.accounts.actions import create_administrator


class Command(BaseCommand):
    help = (
        "Create a municipality's first administrator (instead of createsuperuser: Forløb has no "
        "superusers). The password is asked for, or read from the variable named by --password-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("municipality_code", help="the municipality's three-digit code, e.g. 320")
        parser.add_argument("--password-env", help="name of an environment variable holding the password")

    def handle(self, username, municipality_code, password_env, **options):
        password = os.environ.get(password_env, "") if password_env else getpass.getpass("Adgangskode: ")
        try:
            validate_password(password)
            user = create_administrator(username, password, municipality_code)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Administrator oprettet: {user.username}")
