"""`python manage.py import KIND FILE [--dry-run] [--valid-only] --as USERNAME`.

The same pipeline as the upload pages (bureau.imports: stored upload, job, row
report, atomic commit, audit context naming the user, the job and the file), for
any registered kind (`manage.py import --help` lists them). Exit code 1 when
errors stop the import (or the dry run finds errors that would).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from bureau.imports import check_import, commit_import, importer_kinds, start_import
from bureau.models import ImportJob


class Command(BaseCommand):
    help = "Import a spreadsheet (XLSX, XLS or CSV) of one kind as the given user."
    kind: str | None = None  # set by an alias command that imports one kind

    def add_arguments(self, parser):
        if self.kind is None:
            parser.add_argument(
                "kind", help="The import kind, e.g. households.register."
            )
        parser.add_argument("file", help="The file (.xlsx, .xls or .csv).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and print the report; write nothing.",
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the rows without errors and report the others "
            "(default: any error stops the whole file).",
        )
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The user the import is recorded for; their townships apply.",
        )

    def handle(self, *args, **options):
        kind = self.kind or options["kind"]
        if kind not in importer_kinds():
            raise CommandError(
                f"Unknown import kind {kind!r}; known: {', '.join(importer_kinds())}."
            )
        user = self._user(options["username"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            try:
                job = start_import(
                    by=user,
                    kind=kind,
                    file=handle,
                    filename=path.name,
                    valid_only=options["valid_only"],
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            except PermissionDenied as error:
                raise CommandError(
                    f"{user.get_username()} may not import {kind} files."
                ) from error
        job = check_import(job.pk) if options["dry_run"] else commit_import(job.pk)
        self._report(job)
        blocked = job.status == ImportJob.Status.FAILED or (
            job.rows_invalid and not job.valid_only
        )
        if blocked:
            raise CommandError(
                f"Import job {job.pk}: {job.get_status_display()}", returncode=1
            )

    @staticmethod
    def _user(username: str):
        model = get_user_model()
        try:
            return model.objects.get(**{model.USERNAME_FIELD: username})
        except model.DoesNotExist as error:
            raise CommandError(f"No user {username!r}.") from error

    def _report(self, job: ImportJob) -> None:
        for error in job.errors:
            where = f"row {error['row']}" if error.get("row") else "file"
            if error.get("column"):
                where += f", {error['column']}"
            line = f"{where}: {error['message']}"
            if error.get("warning"):
                self.stdout.write(self.style.WARNING(f"(warning) {line}"))
            else:
                self.stdout.write(line)
        self.stdout.write(
            f"Job {job.pk} ({job.get_status_display()}): rows {job.rows_total}, "
            f"with errors {job.rows_invalid}, added {job.rows_created}, "
            f"changed {job.rows_updated}, unchanged {job.rows_unchanged}."
        )
        if job.message:
            style = (
                self.style.ERROR
                if job.status == ImportJob.Status.FAILED
                else self.style.SUCCESS
            )
            self.stdout.write(style(job.message))
