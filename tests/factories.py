import factory

from schools.models import Bestuur, BoardMembership, Membership, School, SchoolType, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"persoon{n}@school.example")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("een-lang-wachtwoord")


class BestuurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bestuur

    name = factory.Sequence(lambda n: f"Stichting {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    bestuur = factory.SubFactory(BestuurFactory)
    name = factory.Sequence(lambda n: f"Basisschool {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + n // 100 % 26)}Z")
    school_type = SchoolType.REGULIER_BO


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    teamlid = True


class BoardMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMembership

    user = factory.SubFactory(UserFactory)
    bestuur = factory.SubFactory(BestuurFactory)
