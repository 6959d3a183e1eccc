"""factory_boy factories and the named actors (healthchecks' Alice/Bob/Charlie pattern)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory
from django.utils import timezone

from oversight.models import (
    Delegation,
    Deputy,
    Session,
    Suggestion,
    SuggestionCategory,
    Term,
    Unit,
    UnitMember,
    User,
)

PASSWORD = "test-pass-123"


def _set_password(user: User, create: bool) -> None:
    user.set_password(PASSWORD)
    if create:
        user.save(update_fields=["password"])


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGeneration(lambda user, create, extracted, **kwargs: _set_password(user, create))


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"市第{n}局")


class DeputyFactory(factory.django.DjangoModelFactory[Deputy]):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")


class TermFactory(factory.django.DjangoModelFactory[Term]):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 17
    name = "第十七届"
    starts_on = date(2023, 1, 1)


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}次会议")
    opens_on = date(2026, 1, 10)
    closes_on = date(2026, 1, 14)


class CategoryFactory(factory.django.DjangoModelFactory[SuggestionCategory]):
    class Meta:
        model = SuggestionCategory
        django_get_or_create = ("name",)

    name = "城建环资"


class SuggestionFactory(factory.django.DjangoModelFactory[Suggestion]):
    """A suggestion as submitted; use the services to move it further."""

    class Meta:
        model = Suggestion

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"关于改善第{n}片区交通出行条件的建议")
    content = "近年来该片区人口增长较快，早晚高峰拥堵严重，建议增设公交线路并优化信号配时。"
    category = factory.SubFactory(CategoryFactory)
    lead_deputy = factory.SubFactory(DeputyFactory)
    submitted_at = factory.LazyFunction(timezone.now)


@dataclass
class Actors:
    staff: User
    liaison_a: User
    head_a: User
    liaison_b: User
    head_b: User
    deputy: User
    cosigner: User
    reviewer: User
    outsider: User
    unit_a: Unit
    unit_b: Unit
    deputy_profile: Deputy
    cosigner_profile: Deputy
    session: Session
    category: SuggestionCategory


def make_actors() -> Actors:
    delegation, _ = Delegation.objects.get_or_create(name="城东区代表团")
    unit_a = UnitFactory.create(name="市住房和城乡建设局", short_name="住建局")
    unit_b = UnitFactory.create(name="市教育局", short_name="教育局")
    staff = UserFactory.create(username="staff", display_name="王工委", is_congress_staff=True)
    liaison_a = UserFactory.create(username="liaison_a", display_name="李联络")
    head_a = UserFactory.create(username="head_a", display_name="赵局长")
    liaison_b = UserFactory.create(username="liaison_b", display_name="周联络")
    head_b = UserFactory.create(username="head_b", display_name="吴局长")
    UnitMember.objects.create(unit=unit_a, user=liaison_a, role=UnitMember.Role.LIAISON)
    UnitMember.objects.create(unit=unit_a, user=head_a, role=UnitMember.Role.HEAD)
    UnitMember.objects.create(unit=unit_b, user=liaison_b, role=UnitMember.Role.LIAISON)
    UnitMember.objects.create(unit=unit_b, user=head_b, role=UnitMember.Role.HEAD)
    deputy = UserFactory.create(username="deputy", display_name="陈代表")
    cosigner = UserFactory.create(username="cosigner", display_name="刘代表")
    deputy_profile = DeputyFactory.create(name="陈代表", user=deputy, delegation=delegation)
    cosigner_profile = DeputyFactory.create(name="刘代表", user=cosigner, delegation=delegation)
    reviewer = UserFactory.create(username="reviewer", display_name="孙委员", is_reviewer=True)
    outsider = UserFactory.create(username="outsider", display_name="路人")
    session = SessionFactory.create(number=3, name="第三次会议")
    category = CategoryFactory.create(name="城建环资")
    return Actors(
        staff=staff,
        liaison_a=liaison_a,
        head_a=head_a,
        liaison_b=liaison_b,
        head_b=head_b,
        deputy=deputy,
        cosigner=cosigner,
        reviewer=reviewer,
        outsider=outsider,
        unit_a=unit_a,
        unit_b=unit_b,
        deputy_profile=deputy_profile,
        cosigner_profile=cosigner_profile,
        session=session,
        category=category,
    )
