from django.urls import reverse


def test_anonymous_home_goes_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_with_one_school_lands_on_it(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("school_dashboard", args=[zonnebloem.slug])


def test_trainer_sees_both_schools_but_not_vlinder(client_for, trainer):
    response = client_for(trainer).get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "OBS De Zonnebloem" in content
    assert "SO Het Kompas" in content
    assert "SBO De Vlinder" not in content


def test_board_member_sees_all_schools_of_the_board(client_for, bestuurslid):
    content = client_for(bestuurslid).get(reverse("home")).content.decode()
    assert "OBS De Zonnebloem" in content and "SO Het Kompas" in content
    assert "SBO De Vlinder" not in content


def test_dashboard_shows_school_and_members_by_role(client_for, kartrekker, zonnebloem):
    response = client_for(kartrekker).get(reverse("school_dashboard", args=[zonnebloem.slug]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "OBS De Zonnebloem" in content
    assert "Regulier basisonderwijs" in content
    assert "Sanne de Vries" in content  # the schoolleider
    assert "Tamara Hoekstra" in content  # the external trainer
