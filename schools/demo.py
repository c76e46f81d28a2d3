"""Demo boards, schools and accounts (see README). Safe to run again."""

from schools.models import Bestuur, BoardMembership, Membership, School, SchoolType, User

DEMO_PASSWORD = "tso-demo"

SCHOOLS = [
    # board, school, brin, type, pupils, team
    ("Stichting Voorbeeld", "OBS De Zonnebloem", "12AB", SchoolType.REGULIER_BO, 312, 34),
    ("Stichting Voorbeeld", "SO Het Kompas", "34CD", SchoolType.SO_CLUSTER_4, 96, 41),
    ("Stichting Anders", "SBO De Vlinder", "56EF", SchoolType.SBO, 148, 27),
]

PEOPLE = [
    # e-mail, name, school, roles, trainer kind
    (
        "schoolleider@zonnebloem.example",
        "Sanne de Vries",
        "OBS De Zonnebloem",
        ["schoolleider"],
        "",
    ),
    (
        "kartrekker@zonnebloem.example",
        "Karim El Amrani",
        "OBS De Zonnebloem",
        ["kartrekker", "werkgroeplid", "teamlid"],
        "",
    ),
    (
        "werkgroep@zonnebloem.example",
        "Wendy Jansen",
        "OBS De Zonnebloem",
        ["werkgroeplid", "teamlid"],
        "",
    ),
    ("schoolleider@vlinder.example", "Vera Bakker", "SBO De Vlinder", ["schoolleider"], ""),
    (
        "kartrekker@vlinder.example",
        "Koen Visser",
        "SBO De Vlinder",
        ["kartrekker", "werkgroeplid", "teamlid"],
        "",
    ),
    # A teamlid who has not yet answered the open reflection round (werkmomenten).
    ("teamlid@zonnebloem.example", "Noor de Wit", "OBS De Zonnebloem", ["teamlid"], ""),
    ("trainer@example.org", "Tamara Hoekstra", "OBS De Zonnebloem", ["trainer"], "extern"),
    ("trainer@example.org", "Tamara Hoekstra", "SO Het Kompas", ["trainer"], "extern"),
    (
        "trainer@zonnebloem.example",
        "Ilse Mulder",
        "OBS De Zonnebloem",
        ["trainer", "teamlid"],
        "intern",
    ),
    ("schoolleider@kompas.example", "Peter Kok", "SO Het Kompas", ["schoolleider"], ""),
    # Management teams, for the leader checklist (Bijlage 6).
    ("mt1@zonnebloem.example", "Marco Dekker", "OBS De Zonnebloem", ["mt_lid"], ""),
    ("mt2@zonnebloem.example", "Lotte Brouwer", "OBS De Zonnebloem", ["mt_lid"], ""),
    ("mt@kompas.example", "Yvonne Maas", "SO Het Kompas", ["mt_lid"], ""),
    (
        "kartrekker@kompas.example",
        "Fatima Yilmaz",
        "SO Het Kompas",
        ["kartrekker", "werkgroeplid", "teamlid"],
        "",
    ),
]

# Background of the trainers, for the handbook's education + care pairing.
BACKGROUNDS = {"trainer@example.org": "zorg", "trainer@zonnebloem.example": "onderwijs"}

# More of the Zonnebloem team, so attendance and werkgroep pages have people in them.
ZONNEBLOEM_TEAM = [
    "Anouk Peters",
    "Bas Hendriks",
    "Chantal Willems",
    "Daan van Dijk",
    "Esra Demir",
    "Freek Bos",
    "Gerda Smits",
    "Hamza Ouali",
    "Ingrid de Graaf",
    "Joris Meijer",
]

BOARD_MEMBERS = [("bestuur@voorbeeld.example", "Bart Smit", "Stichting Voorbeeld")]


def seed_schools() -> dict[str, School]:
    boards = {}
    schools = {}
    for board_name, name, brin, school_type, pupils, team in SCHOOLS:
        if board_name not in boards:
            boards[board_name], _ = Bestuur.objects.get_or_create(name=board_name)
        schools[name], _ = School.objects.update_or_create(
            brin=brin,
            defaults={
                "name": name,
                "bestuur": boards[board_name],
                "school_type": school_type,
                "pupil_count": pupils,
                "team_size": team,
            },
        )
    for email, full_name, school_name, roles, trainer_kind in PEOPLE:
        user = demo_user(email, full_name)
        membership, _ = Membership.objects.get_or_create(user=user, school=schools[school_name])
        membership.set_roles(roles)
        membership.trainer_kind = trainer_kind
        membership.save()
    for name in ZONNEBLOEM_TEAM:
        email = name.lower().replace(" ", ".") + "@zonnebloem.example"
        membership, _ = Membership.objects.get_or_create(
            user=demo_user(email, name), school=schools["OBS De Zonnebloem"]
        )
        if not membership.roles:
            membership.set_roles(["teamlid"])
            membership.save()
    for email, background in BACKGROUNDS.items():
        User.objects.filter(email=email, background="").update(background=background)
    for email, full_name, board_name in BOARD_MEMBERS:
        BoardMembership.objects.get_or_create(
            user=demo_user(email, full_name), bestuur=boards[board_name]
        )
    admin = demo_user("admin@example.org", "Beheerder TSO")
    if not admin.is_staff:
        admin.is_staff = admin.is_superuser = True
        admin.save()
    return schools


def demo_user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user
