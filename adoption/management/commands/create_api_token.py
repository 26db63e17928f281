from django.core.management.base import BaseCommand, CommandError

from adoption.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a reporting system. The key is printed once, on the last line."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The system that will use the token, e.g. 'Cổng báo cáo TP.HCM'.")

    def handle(self, *args, name, **options):
        if not name.strip():
            raise CommandError("Name the system that will use the token. / Hãy ghi tên hệ thống dùng khóa này.")
        token, raw = ApiToken.issue(name=name.strip())
        self.stdout.write(f"Token for {token.name} (keep it secret; it is not stored):")
        self.stdout.write(raw)
