from django.core.management.base import BaseCommand, CommandError

from lifecycle.checks import ledger_problems


class Command(BaseCommand):
    help = "Check that every cooperative's ledger agrees with its orders, money received, refunds and payouts."

    def handle(self, *args, **options):
        problems = ledger_problems()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} ledger row(s) disagree.")
        self.stdout.write("The ledger agrees with the orders, money received, refunds and payouts.")
