"""Demo events: Northamptonshire's 20:20 Vision days, Buckinghamshire's
engagement that led to its 2021 strategy, and Hertfordshire's upcoming online
consultation events.

Historic dates are fixed; Hertfordshire's upcoming events are placed relative to
today so that booking works in the demo. The findings are illustrative: the
seed accounts name the topics and the capture template, not the statements.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from dataclasses import field
from typing import TextIO

from django.utils import timezone

from sendportal.areas.models import District
from sendportal.areas.models import LocalArea
from strategies.codes import CoproductionLevel
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

from .models import AttendanceCount
from .models import Booking
from .models import Event
from .models import EventSession
from .models import EventType
from .models import Finding

LONDON = zoneinfo.ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DemoTopic:
    title: str
    priority: int | None = None
    theme: str | None = None
    works_well: tuple[str, ...] = ()
    better_if: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoEvent:
    area_slug: str
    title: str
    event_type: str
    phase_focus: str
    day: datetime.date
    hours: tuple[str, str]
    status: str
    strategy: tuple[str, int] | None = None
    description: str = ""
    venue_name: str = ""
    venue_address: str = ""
    online_url: str = ""
    district: str = ""
    capacity: int = 60
    accessibility: tuple[str, ...] = ()
    recording_url: str = ""
    write_up: str = ""
    topics: tuple[DemoTopic, ...] = ()
    attendance: tuple[tuple[str, int], ...] = ()
    bookings: tuple[tuple[str, str, str, str, int], ...] = field(default=())


NORTHANTS_STRATEGY = ("SEND Strategy", 2017)
NORTHANTS_VENUE = ("County Hall", "George Row, Northampton NN1 1DN")
NORTHANTS_FILMS = "https://www.youtube.com/results?search_query=Northamptonshire+Local+Offer+20%3A20+Vision"

NORTHAMPTONSHIRE = (
    DemoEvent(
        "northamptonshire",
        "20:20 Vision for SEND, day one: setting the scene",
        "scene_setting_conference",
        "all",
        datetime.date(2017, 3, 14),
        ("09:30", "15:30"),
        "written_up",
        NORTHANTS_STRATEGY,
        "A scene-setting day with Lesley Hagger, Director for Children, Families "
        "and Education, and Jane Friswell, former chair of nasen and specialist "
        "SEN teacher. Mixed groups of parents, professionals and young people "
        "discussed three topics.",
        *NORTHANTS_VENUE,
        district="Northampton",
        capacity=120,
        accessibility=("step_free", "hearing_loop", "quiet_room"),
        recording_url=NORTHANTS_FILMS,
        write_up="Groups summarised each topic into three points about what "
        "works well at the moment and what would be better if.",
        topics=(
            DemoTopic(
                "Transition points",
                3,
                "Transition points",
                (
                    "Visits to the new school before the move help children settle.",
                    "Some SENCOs meet families early in Year 6 to plan the move.",
                    "Transition passports carry what works for the child.",
                ),
                (
                    "Plans were reviewed in good time before every move, not after.",
                    "Information followed the child without families repeating it.",
                    "Post-16 options were explained from Year 9.",
                ),
            ),
            DemoTopic(
                "Inclusion",
                1,
                "Inclusion in mainstream school",
                (
                    "Teaching assistants who know the child make a real difference.",
                    "Some schools adapt clubs and trips so everyone can take part.",
                    "Parents value schools that listen and act quickly.",
                ),
                (
                    "Every school had the same welcoming approach to SEND.",
                    "Staff training on autism and SEMH reached all staff.",
                    "Exclusions were a last resort, with support put in first.",
                ),
            ),
            DemoTopic(
                "Education for employment or training for life",
                3,
                "Transition points",
                (
                    "Supported internships give real experience of work.",
                    "Colleges offer practical courses with good support.",
                    "Careers advisers who understand SEND are very helpful.",
                ),
                (
                    "Employers were encouraged to offer more placements.",
                    "Young people had more choice close to home after 16.",
                    "Life skills were taught alongside qualifications.",
                ),
            ),
        ),
        attendance=(
            ("PARENT_CARER", 46),
            ("YOUNG_PERSON", 12),
            ("EDUCATION_SCHOOL", 28),
            ("HEALTH", 9),
            ("LA_OFFICER", 15),
            ("SOCIAL_CARE", 4),
        ),
    ),
    DemoEvent(
        "northamptonshire",
        "20:20 Vision for SEND, day two morning: birth to 5",
        "themed_workshop",
        "early_years",
        datetime.date(2017, 3, 22),
        ("09:30", "12:30"),
        "written_up",
        NORTHANTS_STRATEGY,
        "Support for children with SEND from birth to 5 years.",
        *NORTHANTS_VENUE,
        district="Northampton",
        capacity=80,
        accessibility=("step_free", "hearing_loop", "childcare"),
        recording_url=NORTHANTS_FILMS,
        topics=(
            DemoTopic(
                "Early identification and support",
                2,
                "Communication with families",
                (
                    "Health visitors spot needs early and refer quickly.",
                    "Portage and early years teams are trusted by parents.",
                    "Children's centres offer a friendly place to ask for help.",
                ),
                (
                    "Families did not have to wait for a diagnosis to get support.",
                    "One person co-ordinated the professionals around the family.",
                    "Parents were told clearly what happens next and when.",
                ),
            ),
            DemoTopic(
                "Starting school",
                4,
                "Assessment waiting times",
                (
                    "Nursery staff share what they know with the new school.",
                    "Some schools offer extra settling-in visits.",
                    "Early years SENCOs support settings well.",
                ),
                (
                    "EHC needs assessments finished before the child starts school.",
                    "Reports from health arrived in time for planning.",
                    "Parents could meet the Reception teacher before September.",
                ),
            ),
        ),
        attendance=(
            ("PARENT_CARER", 31),
            ("EDUCATION_EARLY_YEARS", 18),
            ("HEALTH", 11),
            ("LA_OFFICER", 8),
        ),
    ),
    DemoEvent(
        "northamptonshire",
        "20:20 Vision for SEND, day two afternoon: 5 to 16",
        "themed_workshop",
        "school_age",
        datetime.date(2017, 3, 22),
        ("13:30", "16:30"),
        "written_up",
        NORTHANTS_STRATEGY,
        "Support for school-age children aged 5 to 16. The themes came from more "
        "than 100 facilitated surveys with students in mainstream schools during "
        "the autumn term; Northgate Arts College wrote and acted short plays "
        "exploring them.",
        *NORTHANTS_VENUE,
        district="Northampton",
        capacity=80,
        accessibility=("step_free", "hearing_loop", "quiet_room"),
        recording_url=NORTHANTS_FILMS,
        topics=(
            DemoTopic(
                "Feeling included at school",
                1,
                "Inclusion in mainstream school",
                (
                    "Friends and buddy schemes help students feel they belong.",
                    "Quiet spaces at lunchtime help students who find it busy.",
                    "Teachers who explain things in different ways.",
                ),
                (
                    "All teachers knew about a student's needs, not just the SENCO.",
                    "Students were asked what helps them, and it happened.",
                    "Bullying about SEND was taken seriously every time.",
                ),
            ),
            DemoTopic(
                "Being listened to",
                2,
                "Communication with families",
                (
                    "Student voice groups in some schools include students with SEND.",
                    "Annual reviews that start with what the young person wants.",
                    "Parents' evenings with time to talk about support.",
                ),
                (
                    "Young people took part in their own reviews in a way that suits them.",
                    "Families heard back about what changed after they gave views.",
                    "Letters and plans were written in plain English.",
                ),
            ),
        ),
        attendance=(
            ("PARENT_CARER", 29),
            ("CYP", 14),
            ("EDUCATION_SCHOOL", 24),
            ("HEALTH", 6),
            ("LA_OFFICER", 9),
        ),
    ),
    DemoEvent(
        "northamptonshire",
        "20:20 Vision for SEND, day three: preparing for adulthood",
        "themed_workshop",
        "post_16",
        datetime.date(2017, 3, 30),
        ("10:00", "15:00"),
        "written_up",
        NORTHANTS_STRATEGY,
        "Preparing for adulthood, for young people over the age of 14.",
        *NORTHANTS_VENUE,
        district="Northampton",
        capacity=80,
        accessibility=("step_free", "hearing_loop", "easy_read", "quiet_room"),
        recording_url=NORTHANTS_FILMS,
        topics=(
            DemoTopic(
                "Work and further learning",
                3,
                "Transition points",
                (
                    "Work experience that is planned around the young person.",
                    "College transition days help young people feel ready.",
                    "Job coaches on supported internships.",
                ),
                (
                    "Planning for adulthood started at Year 9 for everyone.",
                    "There were more apprenticeships with the right support.",
                    "Young people could try courses before choosing.",
                ),
            ),
            DemoTopic(
                "Independent living and health",
                3,
                None,
                (
                    "Travel training gives young people confidence.",
                    "Youth clubs where young people with SEND have friends.",
                    "Some GPs explain health checks in an easy way.",
                ),
                (
                    "Moving from children's to adult health services was smooth.",
                    "Young people learned about money and housing in school.",
                    "Short breaks continued into early adulthood.",
                ),
            ),
        ),
        attendance=(
            ("YOUNG_PERSON", 22),
            ("PARENT_CARER", 25),
            ("EDUCATION_POST16", 13),
            ("SOCIAL_CARE", 7),
            ("HEALTH", 3),
        ),
    ),
    DemoEvent(
        "northamptonshire",
        "Continuing the Conversation",
        "continuing_the_conversation",
        "all",
        datetime.date(2017, 7, 12),
        ("10:00", "13:00"),
        "written_up",
        NORTHANTS_STRATEGY,
        "A follow-up event: the video summary of the three 20:20 Vision days and "
        "what has happened since, with a chance to comment on the draft "
        "priorities.",
        *NORTHANTS_VENUE,
        district="Northampton",
        capacity=100,
        accessibility=("step_free", "hearing_loop"),
        recording_url=NORTHANTS_FILMS,
        write_up="The video summary of the three days was shown, and the four "
        "draft priorities were discussed before the strategy went for approval.",
        attendance=(("PARENT_CARER", 38), ("EDUCATION_SCHOOL", 17), ("LA_OFFICER", 9)),
    ),
)

BUCKS_STRATEGY = ("SEND and Inclusion Strategy", 2021)
BUCKINGHAMSHIRE = (
    DemoEvent(
        "buckinghamshire",
        "Shout Out for SEND conference",
        "scene_setting_conference",
        "school_age",
        datetime.date(2019, 11, 20),
        ("10:00", "14:30"),
        "written_up",
        BUCKS_STRATEGY,
        "A conference for young people with SEND, where engagement on the new "
        "strategy began. The conference report and its detailed findings are "
        "available on request.",
        "Conference venue",
        "Aylesbury",
        district="Aylesbury Vale",
        capacity=150,
        accessibility=("step_free", "quiet_room", "easy_read", "bsl"),
        topics=(
            DemoTopic(
                "What helps me at school",
                1,
                "Post-16 options",
                (
                    "Teachers who read my plan and know how to help me.",
                    "Having somewhere calm to go when I need it.",
                    "Clubs where I can be myself.",
                ),
                (
                    "I could choose what I do after school, near home.",
                    "People asked me before making decisions about me.",
                    "I did not have to wait so long to see a therapist.",
                ),
            ),
            DemoTopic(
                "Friends and things to do",
                3,
                "Social and leisure activities",
                (
                    "Youth clubs that welcome young people with SEND.",
                    "Friends I met through my school.",
                    "Sports sessions that are adapted.",
                ),
                (
                    "There were more activities at weekends and in the holidays.",
                    "Transport to activities was easier to arrange.",
                    "Places in town understood hidden disabilities.",
                ),
            ),
        ),
        attendance=(("CYP", 64), ("YOUNG_PERSON", 21), ("EDUCATION_SCHOOL", 18)),
    ),
    DemoEvent(
        "buckinghamshire",
        "SEND Youth Forum: our say on the new strategy",
        "youth_forum",
        "post_16",
        datetime.date(2020, 1, 22),
        ("16:30", "18:00"),
        "written_up",
        BUCKS_STRATEGY,
        "The SEND Youth Forum looked at the draft vision and aims.",
        "Youth centre",
        "High Wycombe",
        district="Wycombe",
        capacity=25,
        accessibility=("step_free", "quiet_room", "easy_read"),
        topics=(
            DemoTopic(
                "Preparing for adulthood",
                1,
                "Post-16 options",
                (
                    "Being asked about my future at my review.",
                    "College taster days.",
                    "Help to learn to travel on my own.",
                ),
                (
                    "There were more courses and jobs I could do locally.",
                    "Adults explained my options in a way I understand.",
                    "My health care moved to adult services without gaps.",
                ),
            ),
        ),
        attendance=(("YOUNG_PERSON", 14), ("CYP", 4)),
    ),
    DemoEvent(
        "buckinghamshire",
        "Parent carer forum session with FACT Bucks (north)",
        "listening_event",
        "all",
        datetime.date(2020, 2, 4),
        ("10:00", "12:00"),
        "written_up",
        BUCKS_STRATEGY,
        "A session for parents and carers, facilitated alongside FACT Bucks, the "
        "parent carer forum.",
        "Community centre",
        "Aylesbury",
        district="Aylesbury Vale",
        capacity=40,
        accessibility=("step_free", "hearing_loop"),
        topics=(
            DemoTopic(
                "Assessment and therapies",
                4,
                "Autism and ADHD assessment waits",
                (
                    "Support from FACT Bucks and SENDIAS while waiting.",
                    "Some schools put support in before a diagnosis.",
                    "Caseworkers who return calls.",
                ),
                (
                    "Waits for autism and ADHD assessment were shorter.",
                    "Speech and language therapy was available in school.",
                    "Families knew where they were in the process.",
                ),
            ),
        ),
        attendance=(("PARENT_CARER", 27), ("PCF_REP", 3)),
    ),
    DemoEvent(
        "buckinghamshire",
        "Parent carer forum session with FACT Bucks (south)",
        "listening_event",
        "all",
        datetime.date(2020, 2, 11),
        ("19:00", "21:00"),
        "written_up",
        BUCKS_STRATEGY,
        "An evening session for parents and carers, facilitated alongside FACT "
        "Bucks, the parent carer forum.",
        "Library meeting room",
        "High Wycombe",
        district="Wycombe",
        capacity=40,
        accessibility=("step_free", "evening_or_weekend"),
        topics=(
            DemoTopic(
                "Communication and co-production",
                None,
                None,
                (
                    "Being invited to help shape the strategy from the start.",
                    "Newsletters from FACT Bucks that explain changes.",
                    "Officers who come to forum meetings.",
                ),
                (
                    "Families heard what changed because of what they said.",
                    "Meetings were held at times working parents can attend.",
                    "The Local Offer was easier to search.",
                ),
            ),
        ),
        attendance=(("PARENT_CARER", 19), ("PCF_REP", 2)),
    ),
)

HERTS_STRATEGY = ("Draft SEND Strategy", 2026)
HERTS_ONLINE = "https://events.hertfordshire.example/send-strategy"


def hertfordshire_events(today: datetime.date) -> tuple[DemoEvent, ...]:
    """Upcoming events, placed after today so that booking works in the demo."""
    return (
        DemoEvent(
            "hertfordshire",
            "Draft SEND strategy: online consultation event (daytime)",
            "webinar",
            "all",
            today + datetime.timedelta(days=9),
            ("10:00", "11:30"),
            "open",
            HERTS_STRATEGY,
            "Hear about the six ambitions of the draft strategy and tell us what "
            "you think. A British Sign Language interpreter will be there.",
            online_url=HERTS_ONLINE,
            capacity=100,
            accessibility=("bsl", "captions"),
        ),
        DemoEvent(
            "hertfordshire",
            "Draft SEND strategy: online consultation event (evening)",
            "webinar",
            "all",
            today + datetime.timedelta(days=16),
            ("18:30", "20:00"),
            "open",
            HERTS_STRATEGY,
            "The same event in the evening, for families who cannot make the "
            "daytime. A British Sign Language interpreter will be there.",
            online_url=HERTS_ONLINE,
            capacity=100,
            accessibility=("bsl", "captions", "evening_or_weekend"),
        ),
        DemoEvent(
            "hertfordshire",
            "Coffee morning with Herts Parent Carer Involvement",
            "coffee_morning_drop_in",
            "early_years",
            today + datetime.timedelta(days=12),
            ("09:30", "11:00"),
            "open",
            HERTS_STRATEGY,
            "A small, relaxed online coffee morning about early identification "
            "and support. A British Sign Language interpreter will be there.",
            online_url=HERTS_ONLINE,
            capacity=2,
            accessibility=("bsl",),
            bookings=(
                ("Alex Demo", "alex.demo@example.org", "PARENT_CARER", "", 1),
                (
                    "Jo Demo",
                    "jo.demo@example.org",
                    "PARENT_CARER",
                    "BSL interpreter",
                    1,
                ),
                ("Sam Demo", "sam.demo@example.org", "family_other", "", 1),
            ),
        ),
    )


# Each kind of demo event's plausible rung: workshops and working groups
# design or produce with families, conferences and webinars mostly consult.
DEMO_COPRODUCTION: dict[str, str] = {
    EventType.SCENE_SETTING_CONFERENCE: CoproductionLevel.ENGAGE,
    EventType.THEMED_WORKSHOP: CoproductionLevel.CO_DESIGN,
    EventType.LISTENING_EVENT: CoproductionLevel.CONSULT,
    EventType.ROADSHOW: CoproductionLevel.INFORM,
    EventType.SUMMIT: CoproductionLevel.ENGAGE,
    EventType.YOUTH_FORUM: CoproductionLevel.CO_DESIGN,
    EventType.COFFEE_MORNING_DROP_IN: CoproductionLevel.CONSULT,
    EventType.TASK_AND_FINISH_GROUP: CoproductionLevel.CO_PRODUCE,
    EventType.LAUNCH_EVENT: CoproductionLevel.INFORM,
    EventType.CONTINUING_THE_CONVERSATION: CoproductionLevel.CO_PRODUCE,
    EventType.WEBINAR: CoproductionLevel.CONSULT,
}


def _aware(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def load_event(demo: DemoEvent) -> Event:
    area = LocalArea.objects.get(slug=demo.area_slug)
    strategy = (
        Strategy.objects.filter(
            area=area, title=demo.strategy[0], period_start=demo.strategy[1]
        ).first()
        if demo.strategy
        else None
    )
    district = (
        District.objects.filter(area=area, name=demo.district).first()
        if demo.district
        else None
    )
    event, _ = Event.objects.update_or_create(
        area=area,
        title=demo.title,
        defaults={
            "strategy": strategy,
            "event_type": demo.event_type,
            "phase_focus": demo.phase_focus,
            "description": demo.description,
            "starts_at": _aware(demo.day, demo.hours[0]),
            "ends_at": _aware(demo.day, demo.hours[1]),
            "venue_name": demo.venue_name,
            "venue_address": demo.venue_address,
            "online_url": demo.online_url,
            "district": district,
            "capacity": demo.capacity,
            "accessibility": list(demo.accessibility),
            "status": demo.status,
            "recording_url": demo.recording_url,
            "write_up": demo.write_up,
            "coproduction_level": DEMO_COPRODUCTION.get(demo.event_type, ""),
        },
    )
    for sort, topic in enumerate(demo.topics):
        priority = (
            Priority.objects.filter(strategy=strategy, number=topic.priority).first()
            if strategy and topic.priority
            else None
        )
        theme = (
            Theme.objects.filter(strategy=strategy, name=topic.theme).first()
            if strategy and topic.theme
            else None
        )
        session, _ = EventSession.objects.update_or_create(
            event=event,
            title=topic.title,
            defaults={"sort": sort, "priority": priority},
        )
        for kind, texts in (
            ("works_well", topic.works_well),
            ("better_if", topic.better_if),
        ):
            for position, text in enumerate(texts):
                finding, _ = Finding.objects.update_or_create(
                    event=event,
                    session=session,
                    kind=kind,
                    sort=position,
                    defaults={"text": text, "priority": priority},
                )
                finding.themes.set([theme] if theme else [])
    for respondent_type, count in demo.attendance:
        AttendanceCount.objects.update_or_create(
            event=event, respondent_type=respondent_type, defaults={"count": count}
        )
    capacity_left = demo.capacity
    for position, (name, email, who, needs, places) in enumerate(demo.bookings):
        fits = places <= capacity_left
        capacity_left -= places if fits else 0
        Booking.objects.update_or_create(
            event=event,
            email=email,
            defaults={
                "name": name,
                "respondent_type": who,
                "access_requirements": needs,
                "places": places,
                "status": "confirmed" if fits else "waiting",
                "created_at": event.starts_at - datetime.timedelta(days=20 - position),
                # Demo bookers are made up: their confirmation counts as sent,
                # so the recovery of unsent emails leaves them alone.
                "confirmation_sent_at": event.starts_at
                - datetime.timedelta(days=20 - position),
            },
        )
    return event


def load(stdout: TextIO) -> None:
    demos = (
        *NORTHAMPTONSHIRE,
        *BUCKINGHAMSHIRE,
        *hertfordshire_events(timezone.localdate()),
    )
    for demo in demos:
        load_event(demo)
    stdout.write(f"  {len(demos)} events")
