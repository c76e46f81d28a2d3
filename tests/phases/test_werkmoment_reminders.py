"""Reminders: one e-mail to each member who has not answered an open round, a few days
before the werkmoment (cron) or when the kartrekker presses the button; never a second."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from phases import werkmomenten as rules
from phases.models import ReflectionReminder
from tests.factories import MembershipFactory
from tests.phases.werkmoment_support import (
    KARTREKKER,
    TEAMLID,
    answer_data,
    open_round,
    reopen,
    user,
    wm_url,
)


def text(response) -> str:
    return response.content.decode()


def unanswered(reflection_round) -> set[str]:
    answered = set(reflection_round.answers.values_list("respondent_key", flat=True))
    return {
        m.user.email
        for m in rules.members_to_ask(reflection_round.werkmoment.session.school).select_related(
            "user"
        )
        if rules.respondent_key(reflection_round, m) not in answered
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reflection_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_reminds_everyone_who_has_not_answered_once(zonnebloem):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=2)
    waiting = unanswered(reflection_round)
    assert TEAMLID in waiting and len(waiting) == rules.members_to_ask(zonnebloem).count() - 9
    mail.outbox.clear()

    out = run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(waiting)
    assert f"reminded {len(waiting)} member(s)" in out
    message = next(m for m in mail.outbox if m.to == [TEAMLID])
    assert message.subject.startswith("Herinnering: reflectievragen voor")
    assert wm_url("reflection_answer", reflection_round) in message.body
    assert ReflectionReminder.objects.filter(round=reflection_round).count() == len(waiting)

    mail.outbox.clear()
    out = run()
    assert mail.outbox == []
    assert "reminded 0 member(s)" in out


def test_dry_run_sends_and_records_nothing(zonnebloem):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=1)
    mail.outbox.clear()
    out = run("--dry-run")
    assert mail.outbox == []
    assert not ReflectionReminder.objects.filter(round=reflection_round).exists()
    assert f"would remind {len(unanswered(reflection_round))} member(s)" in out


def test_no_reminder_while_the_werkmoment_is_further_away(zonnebloem):
    reopen(open_round(zonnebloem), days_until_werkmoment=10)
    mail.outbox.clear()
    assert "reminded 0 member(s)" in run()
    assert mail.outbox == []
    assert "0 open round(s)" in run("--days", "3")
    assert "1 open round(s)" in run("--days", "10", "--dry-run")


def test_no_reminder_for_a_closed_round(zonnebloem):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=2)
    rules.close_round(reflection_round)
    mail.outbox.clear()
    run()
    assert mail.outbox == []


def test_days_out_of_range_are_refused():
    with pytest.raises(CommandError):
        call_command("send_reflection_reminders", "--days", "-1", stdout=io.StringIO())


def test_the_kartrekkers_button_and_the_cron_job_together_remind_once(zonnebloem, client_for):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=10)
    waiting = unanswered(reflection_round)
    client = client_for(user(KARTREKKER))
    mail.outbox.clear()

    response = client.post(wm_url("reflection_remind", reflection_round), follow=True)
    page = text(response)
    assert f"Herinnering gestuurd aan {len(waiting)} mensen" in page
    assert sorted(m.to[0] for m in mail.outbox) == sorted(waiting)
    # In an anonymous round the page says how many, never who.
    assert "Noor de Wit" not in page[page.index("<main") :]

    # The teamlid answers; nobody gets a second reminder, from the button or from cron.
    client_for(user(TEAMLID)).post(
        wm_url("reflection_answer", reflection_round), answer_data(reflection_round, ["Ja"])
    )
    mail.outbox.clear()
    again = client.post(wm_url("reflection_remind", reflection_round), follow=True)
    assert "Er is niemand meer om te herinneren" in text(again)
    reopen(reflection_round, days_until_werkmoment=2)
    run()
    assert mail.outbox == []


def test_a_member_who_joins_later_gets_their_own_reminder(zonnebloem):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=2)
    run()
    newcomer = MembershipFactory(school=zonnebloem)
    mail.outbox.clear()
    run()
    assert [m.to for m in mail.outbox] == [[newcomer.user.email]]
    assert reflection_round.reminders.count() == len(unanswered(reflection_round))


def test_the_button_does_nothing_on_a_closed_round(zonnebloem, client_for):
    reflection_round = open_round(zonnebloem)
    rules.close_round(reflection_round)
    mail.outbox.clear()
    response = client_for(user(KARTREKKER)).post(
        wm_url("reflection_remind", reflection_round), follow=True
    )
    assert "er gaan geen herinneringen meer uit" in text(response)
    assert mail.outbox == []


def test_a_failing_mail_server_records_no_reminder_so_the_next_run_tries_again(
    zonnebloem, monkeypatch
):
    reflection_round = reopen(open_round(zonnebloem), days_until_werkmoment=2)

    def no_mail_server(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("phases.werkmomenten.send_mail", no_mail_server)
    assert rules.remind(reflection_round).to == []
    assert not reflection_round.reminders.exists()

    monkeypatch.undo()
    mail.outbox.clear()
    assert len(rules.remind(reflection_round).to) == len(unanswered(reflection_round))
