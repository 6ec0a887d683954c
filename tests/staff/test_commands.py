import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_load_seed_reports_what_it_created(capsys):
    call_command("load_seed")
    assert "28 agreements" in capsys.readouterr().out


def test_ensure_local_staff_creates_one_account_and_prints_its_password_once(settings, capsys):
    settings.DEBUG = True
    call_command("ensure_local_staff")
    call_command("ensure_local_staff")
    output = capsys.readouterr().out
    assert output.count("Local staff account: admin / ") == 1
    password = output.split("admin / ")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)


def test_ensure_local_staff_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_local_staff")
    assert not User.objects.exists()
