"""The demo city's reference data and accounts, created in bulk (no workflow involved).

Every account shares one password hash: hashing is deliberately slow (PBKDF2), and a hundred
accounts hashed one by one would make ``load_demo`` take far longer than the rest of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from oversight.demo import reference as ref
from oversight.models import Delegation, Deputy, Session, SuggestionCategory, Term, Unit, UnitMember, User

PASSWORD = "demo1234"
SESSION_OPENS = date(2026, 1, 10)
SESSION_CLOSES = date(2026, 1, 14)


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    name: str


# The accounts printed at the end of load_demo and listed in the README.
LOGINS = (
    Login("超级管理员", "admin", "系统管理员"),
    Login("人大工作人员", "staff", "王晓明"),
    Login("市住房和城乡建设局 联络员", "zjj_liaison", "李明辉"),
    Login("市住房和城乡建设局 负责人", "zjj_head", "赵卫东"),
    Login("市教育局 联络员", "jyj_liaison", "周文静"),
    Login("市教育局 负责人", "jyj_head", "吴建华"),
    Login("人大代表（领衔）", "deputy", ref.LEAD_DEPUTY_NAME),
    Login("人大代表（附议）", "cosigner", ref.COSIGNER_DEPUTY_NAME),
    Login("常委会组成人员", "reviewer1", "钱国华"),
    Login("常委会组成人员", "reviewer2", "沈丽萍"),
    Login("常委会组成人员", "reviewer3", "韩振东"),
)
REVIEWERS = ("reviewer1", "reviewer2", "reviewer3")
# The rest of the standing committee, so that votes have a realistic quorum (cw04…cw15).
OTHER_REVIEWERS = tuple(
    (f"cw{n:02d}", name)
    for n, name in enumerate(
        (
            "孙立平",
            "周海涛",
            "吴秀芳",
            "郑国强",
            "冯晓梅",
            "陈卫东",
            "褚建新",
            "卫红霞",
            "蒋德华",
            "沈玉兰",
            "韩立军",
            "杨文静",
        ),
        start=4,
    )
)


@dataclass
class World:
    """Everything the scenario needs, looked up once."""

    term: Term
    session: Session
    categories: dict[str, SuggestionCategory]
    units: dict[str, Unit]
    liaisons: dict[str, User]
    heads: dict[str, User]
    deputies: list[Deputy]
    deputy_users: dict[int, User]
    staff: User
    admin: User
    reviewers: list[User] = field(default_factory=list)


def demo_session() -> Session | None:
    return Session.objects.filter(term__number=17, number=3).first()


def create_world() -> World:
    password = make_password(PASSWORD)
    term, _ = Term.objects.get_or_create(number=17, defaults={"name": ref.TERM_NAME, "starts_on": date(2022, 1, 8)})
    session = Session.objects.create(
        term=term, number=3, name=ref.SESSION_NAME, opens_on=SESSION_OPENS, closes_on=SESSION_CLOSES
    )
    categories = {}
    for order, name in enumerate(ref.CATEGORIES, start=1):
        categories[name], _ = SuggestionCategory.objects.get_or_create(name=name, defaults={"order": order})

    units = {u.code: Unit(name=u.name, short_name=u.short_name, kind=u.kind) for u in ref.UNITS}
    Unit.objects.bulk_create(units.values())
    units = {code: Unit.objects.get(name=unit.name) for code, unit in units.items()}

    names = {login.username: login.name for login in LOGINS}
    people: list[User] = [
        User(
            username="admin",
            display_name=names["admin"],
            is_superuser=True,
            is_staff=True,
            is_congress_staff=True,
            password=password,
        ),
        User(username="staff", display_name=names["staff"], is_staff=True, is_congress_staff=True, password=password),
        User(username="staff2", display_name="刘芳", is_staff=True, is_congress_staff=True, password=password),
    ]
    people += [User(username=u, display_name=names[u], is_reviewer=True, password=password) for u in REVIEWERS]
    people += [User(username=u, display_name=name, is_reviewer=True, password=password) for u, name in OTHER_REVIEWERS]
    for unit in ref.UNITS:
        people.append(User(username=f"{unit.code}_liaison", display_name=unit.liaison, password=password))
        people.append(User(username=f"{unit.code}_head", display_name=unit.head, password=password))
    demo_deputies = ref.deputies()
    deputy_usernames = ["deputy", "cosigner"] + [f"dep{i:02d}" for i in range(3, len(demo_deputies) + 1)]
    people += [
        User(username=username, display_name=d.name, password=password)
        for username, d in zip(deputy_usernames, demo_deputies, strict=True)
    ]
    User.objects.bulk_create(people)
    users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}

    # Staff pages of the other apps (tracker's calendar, reminders) use Django's model permissions.
    staff_group, _ = Group.objects.get_or_create(name="人大工作人员")
    staff_group.permissions.set(Permission.objects.filter(content_type__app_label__in=["oversight", "tracker"]))
    staff_group.user_set.add(users["staff"], users["staff2"])
    UnitMember.objects.bulk_create(
        [
            UnitMember(unit=units[u.code], user=users[f"{u.code}_{role}"], role=role)
            for u in ref.UNITS
            for role in (UnitMember.Role.LIAISON, UnitMember.Role.HEAD)
        ]
    )
    Delegation.objects.bulk_create([Delegation(name=name) for name in ref.DELEGATIONS], ignore_conflicts=True)
    delegations = {d.name: d for d in Delegation.objects.filter(name__in=ref.DELEGATIONS)}
    Deputy.objects.bulk_create(
        [
            Deputy(
                name=d.name,
                delegation=delegations[d.delegation],
                occupation=d.occupation,
                phone=d.phone,
                user=users[username],
            )
            for username, d in zip(deputy_usernames, demo_deputies, strict=True)
        ]
    )
    deputies = list(Deputy.objects.filter(user__username__in=deputy_usernames).select_related("user").order_by("pk"))
    return World(
        term=term,
        session=session,
        categories=categories,
        units=units,
        liaisons={u.code: users[f"{u.code}_liaison"] for u in ref.UNITS},
        heads={u.code: users[f"{u.code}_head"] for u in ref.UNITS},
        deputies=deputies,
        deputy_users={d.pk: d.user for d in deputies if d.user is not None},
        staff=users["staff"],
        admin=users["admin"],
        reviewers=[users[u] for u in REVIEWERS] + [users[u] for u, _name in OTHER_REVIEWERS],
    )


def demo_usernames() -> set[str]:
    """Every account load_demo creates (used to refuse a reset of a database that holds others)."""
    names = {"admin", "staff", "staff2", *REVIEWERS, *(u for u, _name in OTHER_REVIEWERS), "deputy", "cosigner"}
    names |= {f"dep{i:02d}" for i in range(3, ref.DEPUTY_COUNT + 1)}
    names |= {f"{u.code}_{role}" for u in ref.UNITS for role in ("liaison", "head")}
    return names
