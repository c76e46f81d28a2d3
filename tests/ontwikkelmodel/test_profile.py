"""The school's profile: latest agreed groeifases, growth over rondes, the profile page."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from ontwikkelmodel.demo import LAST_YEAR, LAST_YEAR_PRIORITIES
from ontwikkelmodel.models import (
    Accent,
    Groeilaag,
    JointAnswer,
    ModelVersion,
    Ronde,
    RondeStep,
)
from ontwikkelmodel.profile import comparison, profiles_for, school_profile
from schools.models import Membership, User
from tests.factories import SchoolFactory

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def add_ronde(school, title, day: date, fases: dict, *, step=RondeStep.CLOSED, version=None):
    """A ronde with joint answers: `fases` maps accent codes to a groeifase (or None)."""
    version = version or ModelVersion.objects.current()
    closed = step == RondeStep.CLOSED
    ronde = Ronde.objects.create(
        school=school,
        version=version,
        title=title,
        deadline=day,
        joint_date=day,
        step=step,
        closed_at=timezone.make_aware(datetime.combine(day, time(16))) if closed else None,
    )
    accents = {a.code: a for a in Accent.objects.filter(groeilaag__version=version)}
    JointAnswer.objects.bulk_create(
        JointAnswer(ronde=ronde, accent=accents[code], groeifase=fase)
        for code, fase in fases.items()
    )
    return ronde


def all_at(fase):
    return dict.fromkeys(LAST_YEAR, fase)


def fases_of(profile):
    return {a.code: a.groeifase for a in profile.accents}


def demo_ronde(school):
    """Last year's closed ronde of the demo."""
    return school.rondes.get(title__startswith="Nulmeting")


# --- profile values ------------------------------------------------------------


def test_the_demo_profile_is_last_years_agreed_result(zonnebloem):
    profile = school_profile(zonnebloem)

    assert profile.latest == demo_ronde(zonnebloem)
    assert profile.previous is None
    assert fases_of(profile) == {code: fase for code, (fase, _s, _g) in LAST_YEAR.items()}
    assert [g.code for g in profile.groeilagen] == ["1", "2", "3A", "3B"]
    assert [len(g.accents) for g in profile.groeilagen] == [3, 4, 4, 4]
    assert all(a.previous is None and a.change is None for a in profile.accents)


def test_the_latest_closed_ronde_wins_and_the_one_before_is_previous(zonnebloem):
    add_ronde(zonnebloem, "Twee jaar geleden", date(2020, 1, 10), all_at(1))
    add_ronde(zonnebloem, "Vandaag", timezone.localdate(), all_at(3))

    profile = school_profile(zonnebloem)

    assert profile.latest.title == "Vandaag"
    assert profile.previous == demo_ronde(zonnebloem)
    assert set(fases_of(profile).values()) == {3}
    motivatie = next(a for a in profile.accents if a.code == "motivatie-ontwikkelen")
    assert (motivatie.groeifase, motivatie.previous, motivatie.change) == (3, 2, 1)


def test_an_accent_left_empty_in_the_latest_ronde_has_no_estimate(zonnebloem):
    fases = all_at(3) | {"faciliteiten": None}
    del fases["inrichting"]
    add_ronde(zonnebloem, "Vandaag", timezone.localdate(), fases)

    profile = fases_of(school_profile(zonnebloem))

    assert profile["faciliteiten"] is None
    assert profile["inrichting"] is None
    assert profile["missie-en-visie"] == 3


def test_open_rondes_are_ignored(zonnebloem):
    # The demo's current ronde is in the individual step; add one in the joint step.
    add_ronde(zonnebloem, "Gesprek loopt", timezone.localdate(), all_at(4), step=RondeStep.JOINT)

    profile = school_profile(zonnebloem)

    assert profile.rondes == [demo_ronde(zonnebloem)]
    assert 4 not in fases_of(profile).values()


def test_a_school_without_closed_rondes_has_an_empty_profile(kompas):
    add_ronde(kompas, "Nog bezig", timezone.localdate(), all_at(2), step=RondeStep.JOINT)

    profile = school_profile(kompas)

    assert not profile.has_results
    assert profile.latest is None and profile.groeilagen == [] and profile.priorities == []


def test_the_trend_is_ordered_by_the_date_of_the_result_not_by_creation(zonnebloem):
    # Entered afterwards, but agreed earlier: the trend puts it first.
    add_ronde(zonnebloem, "Later ingevoerd, eerder besproken", date(2019, 6, 1), all_at(1))
    add_ronde(zonnebloem, "Tussendoor", date(2022, 6, 1), all_at(2) | {"faciliteiten": None})

    profile = school_profile(zonnebloem)

    titles = [r.title for r in profile.rondes]
    assert titles == [
        "Later ingevoerd, eerder besproken",
        "Tussendoor",
        demo_ronde(zonnebloem).title,
    ]
    faciliteiten = next(a for a in profile.accents if a.code == "faciliteiten")
    assert [p.groeifase for p in faciliteiten.trend] == [1, None, 2]
    assert [p.ronde.title for p in faciliteiten.trend] == titles


def copy_version(name, *, rename=True, drop=()):
    """A second model version with the same accent codes (renamed), minus `drop`."""
    old = ModelVersion.objects.current()
    new = ModelVersion.objects.create(name=name)
    for groeilaag in old.groeilagen.all():
        copy = Groeilaag.objects.create(
            version=new,
            code=groeilaag.code,
            number=groeilaag.number,
            name=groeilaag.name,
            definition=groeilaag.definition,
        )
        for accent in groeilaag.accents.exclude(code__in=drop):
            Accent.objects.create(
                groeilaag=copy,
                code=accent.code,
                name=f"{accent.name} (nieuw)" if rename else accent.name,
                order=accent.order,
            )
    return new


def test_accents_match_across_model_versions_by_their_code(zonnebloem):
    new = copy_version("Versie 2", drop=["talentontwikkeling"])
    fases = all_at(3)
    del fases["talentontwikkeling"]
    add_ronde(zonnebloem, "In versie 2", timezone.localdate(), fases, version=new)

    profile = school_profile(zonnebloem)

    # Laid out in the version of the latest result: its names, its 14 accents.
    assert len(profile.accents) == 14
    assert all(a.name.endswith("(nieuw)") for a in profile.accents)
    motivatie = next(a for a in profile.accents if a.code == "motivatie-ontwikkelen")
    assert [p.groeifase for p in motivatie.trend] == [2, 3]
    assert motivatie.previous == 2


def test_priorities_come_from_the_latest_ronde_with_their_follow_up(zonnebloem):
    profile = school_profile(zonnebloem)

    ranks = LAST_YEAR_PRIORITIES
    assert [p.rank for p in profile.priorities] == [1, 2, 3, 4, 5]
    names = {a.code: a.name for a in profile.accents}
    assert [p.accent for p in profile.priorities] == [
        names[code] for code in sorted(ranks, key=ranks.get)
    ]
    first = profile.priorities[0]
    assert first.goal == LAST_YEAR["gedeelde-taal-en-kennis"][2]
    assert first.groeilaag == "Kennisontwikkeling"
    assert first.has_follow_up
    assert [item.label for item in first.follow_up][0] == "hoe werken we het doel uit?"
    assert not profile.priorities[2].has_follow_up


@pytest.mark.parametrize("extra", [0, 6])
def test_profiles_of_many_schools_take_three_queries(django_assert_num_queries, zonnebloem, extra):
    schools = [zonnebloem]
    for n in range(extra):
        school = SchoolFactory(bestuur=zonnebloem.bestuur)
        add_ronde(school, f"Ronde {n}", date(2024, 1, 1), all_at(1))
        add_ronde(school, f"Ronde {n}b", date(2025, 1, 1), all_at(2))
        schools.append(school)

    with django_assert_num_queries(3):
        profiles = profiles_for(schools)

    assert len(profiles) == 1 + extra
    assert all(len(p.accents) == 15 for p in profiles.values())
    assert all(p.previous is not None for p in list(profiles.values())[1:])


def test_schools_without_closed_rondes_cost_one_query(django_assert_num_queries, kompas):
    with django_assert_num_queries(1):
        profiles = profiles_for([kompas])
    assert not profiles[kompas.pk].has_results


def test_comparison_puts_schools_side_by_side_by_accent_code(zonnebloem, kompas):
    new = copy_version("Versie 2", rename=False)
    add_ronde(kompas, "Kompas", timezone.localdate(), all_at(3), version=new)
    profiles = profiles_for([zonnebloem, kompas])

    rows = comparison([profiles[zonnebloem.pk], profiles[kompas.pk]])

    assert len(rows) == 15
    assert rows[0].name == "Motivatie ontwikkelen" and rows[0].groeifases == [2, 3]


# --- the page ------------------------------------------------------------------


def profile_url(school):
    return reverse("school_profile", args=[school.slug])


def test_a_member_sees_the_profile_with_charts_priorities_and_rondes(
    client_for, werkgroeplid, zonnebloem
):
    response = client_for(werkgroeplid).get(profile_url(zonnebloem))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Groeifase per accent",
        "Per groeilaag",
        "Groei door de jaren",
        "Prioriteiten en ontwikkeldoelen",
        "Groeilaag 3A: Relaties bouwen",
        "Samen dezelfde woorden gaan gebruiken voor stress.",
        "In elke bouwvergadering een kwartier voor één begrip uit de training.",
        "Print profiel",
    ]:
        assert text in page, text
    assert page.count('class="chart chart-heatmap"') == 1
    assert page.count('class="chart chart-radar"') == 4
    assert page.count('class="chart chart-trend"') == 15
    assert reverse("profile_pdf", args=[zonnebloem.slug]) in page
    for ronde in zonnebloem.rondes.all():  # the open ronde too
        assert reverse("ronde_detail", args=[zonnebloem.slug, ronde.pk]) in page
    assert 'style="' not in page  # CSP: presentation attributes only


def test_a_board_member_sees_the_profile_and_closed_rondes_only(
    client_for, bestuurslid, zonnebloem
):
    response = client_for(bestuurslid).get(profile_url(zonnebloem))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Groeifase per accent" in page
    closed = demo_ronde(zonnebloem)
    assert [r.pk for r in response.context["rondes"]] == [closed.pk]
    current = zonnebloem.rondes.exclude(pk=closed.pk).get()
    assert reverse("ronde_detail", args=[zonnebloem.slug, current.pk]) not in page
    assert "Nieuwe ronde" not in page


def test_outsiders_get_404(client_for, vlinder_kartrekker, zonnebloem):
    response = client_for(vlinder_kartrekker).get(profile_url(zonnebloem))
    assert response.status_code == 404
    assert "Zonnebloem" not in response.content.decode()


def test_the_profile_needs_login(client, zonnebloem):
    response = client.get(profile_url(zonnebloem))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_school_without_closed_rondes_explains_what_a_ronde_is(client_for, kompas):
    kartrekker = User.objects.get(email="kartrekker@kompas.example")
    response = client_for(kartrekker).get(profile_url(kompas))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nog geen afgesloten ronde" in page
    assert "gespreksformulier" in page
    assert reverse("ronde_list", args=[kompas.slug]) in page
    assert "chart-heatmap" not in page and "Print profiel" not in page


def test_a_teamlid_sees_the_profile_but_cannot_open_rondes(client_for, zonnebloem):
    teamlid = Membership.objects.filter(school=zonnebloem, teamlid=True, kartrekker=False).first()
    response = client_for(teamlid.user).get(profile_url(zonnebloem))
    assert response.status_code == 200
    assert "Nieuwe ronde" not in response.content.decode()


def test_hostile_text_is_escaped_on_the_page(client_for, kartrekker, zonnebloem):
    goal = (HOSTILE * 800)[:49_990] + "EINDE-DOEL"
    JointAnswer.objects.filter(ronde=demo_ronde(zonnebloem), priority=1).update(
        goal=goal, approach=HOSTILE
    )
    Accent.objects.filter(code="faciliteiten").update(name=HOSTILE)

    response = client_for(kartrekker).get(profile_url(zonnebloem))

    page = response.content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "EINDE-DOEL" in page


@pytest.mark.parametrize("extra", [0, 5])
def test_page_query_count_does_not_grow_with_rondes(
    django_assert_num_queries, client_for, kartrekker, zonnebloem, extra
):
    for n in range(extra):
        add_ronde(zonnebloem, f"Ronde {n}", date(2015 + n, 3, 1), all_at(1 + n % 4))
    client = client_for(kartrekker)

    # session, user, access, closed rondes, joint answers, accents, the list of rondes
    with django_assert_num_queries(7):
        response = client.get(profile_url(zonnebloem))

    assert len(response.context["profile"].rondes) == 1 + extra
    assert response.content.decode().count('class="chart chart-trend"') == 15
