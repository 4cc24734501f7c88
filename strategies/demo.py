"""Demo strategies: each seed area's strategy and priorities, as its account tells."""

import datetime
from dataclasses import dataclass
from dataclasses import field
from typing import TextIO

from sendportal.areas.models import LocalArea

from .models import EasyReadSection
from .models import OutcomeStatement
from .models import Priority
from .models import Strategy
from .models import StrategyDocument
from .models import Theme


@dataclass(frozen=True)
class DemoPriority:
    number: int
    title: str
    description: str = ""
    outcomes: tuple[str, ...] = ()
    pfa_outcome: str = ""
    is_enabler: bool = False


@dataclass(frozen=True)
class DemoStrategy:
    area_slug: str
    title: str
    period: tuple[int, int]
    status: str
    vision: str
    summary: str = ""
    approval: tuple[str, datetime.date, str] | None = None
    supersedes: tuple[str, int] | None = None
    priorities: tuple[DemoPriority, ...] = ()
    themes: tuple[tuple[str, int | None], ...] = ()
    documents: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    # The Easy Read version written in the portal: (heading, text, symbol).
    easy_read: tuple[tuple[str, str, str], ...] = ()


NORTHAMPTONSHIRE = DemoStrategy(
    "northamptonshire",
    "SEND Strategy",
    (2017, 2020),
    "approved",
    "Children and young people with SEND in Northamptonshire make excellent "
    "progress, are identified early, and move smoothly into adulthood, with "
    "families involved at every step. The priorities came from the 20:20 Vision "
    "events of March 2017, where parents, young people and professionals said "
    "what works well at the moment and what would be better if.",
    summary="Four priorities co-produced with families at the 20:20 Vision events.",
    approval=("local_authority", datetime.date(2017, 11, 14), "Approved November 2017"),
    priorities=(
        DemoPriority(
            1,
            "Excellent progress through high quality provision",
            "To ensure that every child and young person with SEND makes excellent "
            "progress, through access to high quality provision.",
            ("I make good progress at a school or setting near my home.",),
        ),
        DemoPriority(
            2,
            "Early identification and support that meets need",
            "To engage with children, young people and their families to promote "
            "early identification and support that meets need.",
            ("My needs are spotted early and help comes before things get worse.",),
        ),
        DemoPriority(
            3,
            "Smooth progression to adulthood",
            "To develop smooth progression to adulthood for all young people with "
            "SEND.",
            ("I have a plan for what I will do after school.",),
            pfa_outcome="employment",
        ),
        DemoPriority(
            4,
            "Timely, good quality multi-agency assessments and plans",
            "To improve the quality and timeliness of multi-agency assessments and "
            "quality of plans for those who require specialist levels of support.",
            ("We will issue EHC plans within 20 weeks, written with the family.",),
        ),
    ),
    themes=(
        ("Transition points", 3),
        ("Inclusion in mainstream school", 1),
        ("Assessment waiting times", 4),
        ("Communication with families", 2),
    ),
)

HERTS_PREVIOUS = DemoStrategy(
    "hertfordshire",
    "SEND Strategy",
    (2022, 2025),
    "approved",
    "SEND is everybody's business. Children and young people with SEND in "
    "Hertfordshire are succeeding, supported by a skilled workforce and by "
    "services that collaborate and are tailored to each family.",
    summary="Five areas of focus: succeeding, enabling, collaborating, tailoring, supporting.",
    approval=("cabinet", datetime.date(2021, 11, 15), "Cabinet 15 November 2021"),
    priorities=(
        DemoPriority(1, "Succeeding"),
        DemoPriority(2, "Enabling: a skilled workforce"),
        DemoPriority(3, "Collaborating"),
        DemoPriority(4, "Tailoring: personalised services"),
        DemoPriority(5, "Supporting: sufficient provision"),
    ),
)

HERTS_DRAFT = DemoStrategy(
    "hertfordshire",
    "Draft SEND Strategy",
    (2026, 2029),
    "in_consultation",
    "Directly informed by more than 1,000 voices, our draft three-year SEND "
    "strategy is driven by feedback from children, young people and their "
    "families, along with professionals from education, health and voluntary "
    "sectors. It sets out how the local area SEND partnership, led by the ICB "
    "and Hertfordshire County Council, will work together to improve outcomes "
    "for children and young people with SEND.",
    summary="Six ambitions shaped by more than 1,000 voices. Tell us what you think.",
    supersedes=("SEND Strategy", 2022),
    priorities=(
        DemoPriority(
            1,
            "Listen, engage, collaborate, evolve",
            "Clearer communication and more opportunities for families to share "
            "thoughts and ideas. Learning from mistakes and working together to "
            "improve services.",
            ("I am listened to and I can see what changed because of what I said.",),
        ),
        DemoPriority(
            2,
            "Early identification and support",
            "Children are supported to have the best possible start, with needs "
            "identified early and support based on needs, not diagnosis. Families "
            "will have support to access advice and guidance available on the "
            "Local Offer.",
            (
                "My child gets help based on their needs, without waiting for a diagnosis.",
            ),
        ),
        DemoPriority(
            3,
            "Local provision for children and young people",
            "Children will get the help they need in their local school, and those "
            "with more complex needs will have specialist support available and "
            "more options for college or training as they approach adulthood.",
            ("I can go to a school near my home that meets my needs.",),
        ),
        DemoPriority(
            4,
            "Aspiration for all",
            "We want every child to feel welcome, supported and able to learn in a "
            "place that works for them.",
            ("I feel welcome at school.",),
        ),
        DemoPriority(
            5,
            "Preparing for the future",
            "Children are supported to plan for the future with help to understand "
            "the options available to them, and services will plan for children's "
            "next steps.",
            ("I know my options after school and who can help me.",),
            pfa_outcome="employment",
        ),
        DemoPriority(
            6,
            "Strong foundations",
            "A skilled, trained and supported workforce to communicate with families "
            "in an accurate, compassionate and timely manner. Leaders will explore "
            "new technologies and innovative solutions to make processes more "
            "efficient and increase time staff can spend supporting families.",
            ("We will answer families' emails and calls within five working days.",),
        ),
    ),
    themes=(
        ("Communication with families", 1),
        ("Waiting times for assessment", 2),
        ("School places near home", 3),
        ("Feeling welcome and included", 4),
        ("Post-16 options", 5),
        ("Staff training", 6),
        ("Transport", None),
    ),
    documents=(
        (
            "Draft SEND strategy 2026 to 2029",
            "full",
            "https://www.hertfordshire.gov.uk/SENDstrategy",
        ),
    ),
    easy_read=(
        (
            "What is this plan?",
            "This plan is about children and young people with SEND.\n"
            "SEND is short for special educational needs and disabilities.\n"
            "It means you may need extra help.\n"
            "The plan says what we will do in the next 3 years.",
            "list",
        ),
        (
            "We listened to you",
            "Over 1,000 people told us what they think.\n"
            "Children, young people and families helped write this plan.",
            "talk",
        ),
        (
            "Help early",
            "We want to find out early if you need help.\nThen we can help you sooner.",
            "search",
        ),
        (
            "Schools near home",
            "We want you to go to a good school near your home.\n"
            "Your school should have the right help for you.",
            "school",
        ),
        (
            "Dream big",
            "We want you to do well and be happy.\n"
            "You can try new things and make friends.",
            "star",
        ),
        (
            "Getting ready for the future",
            "We will help you get ready for when you are older.\n"
            "This can be college, a job or living on your own.",
            "college",
        ),
        (
            "Tell us what you think",
            "Do you like our plan?\n"
            "You can fill in our Easy Read survey.\n"
            "Someone can help you answer.",
            "speech",
        ),
    ),
)

OXFORDSHIRE = DemoStrategy(
    "oxfordshire",
    "SEND Strategy",
    (2021, 2026),
    "in_consultation",
    "A SEND strategy with a clear vision, listing the major changes required over "
    "the next three years to bring about improved services for children and "
    "young people with SEND in Oxfordshire and meeting the needs of families. "
    "Work paused during the pandemic and restarted under new leadership in 2020, "
    "informed by a Joint Strategic Needs Analysis and a partner workshop in "
    "January 2021.",
    summary="Three key priorities, reviewed after the pandemic, for broader consultation.",
    priorities=(
        DemoPriority(
            1,
            "Multi-agency assessment and planning from 0 to 25",
            "Multi-agency SEND assessment and planning from 0 to 25 years, enabling "
            "identification of children at the earliest opportunity to meet the "
            "full range of need and raise achievement.",
        ),
        DemoPriority(
            2,
            "Sufficient, quality mainstream and specialist provision",
            "A sufficient and appropriate range of quality 0 to 25 mainstream and "
            "specialist provision to improve outcomes from early years to adulthood.",
        ),
        DemoPriority(
            3,
            "A clear and equitable approach to SEND funding",
            "A clear and equitable approach to SEND funding to ensure sustainability, "
            "make the most effective use of available resources and maximise the "
            "impact on outcomes for children and young people.",
        ),
    ),
    easy_read=(
        (
            "What is this plan?",
            "This is our plan.\n"
            "It is for children and young people with SEND.\n"
            "SEND is short for special educational needs and disabilities.\n"
            "It means you need extra help.",
            "list",
        ),
        (
            "Help from the start",
            "We want to know early if you need help.\n"
            "Schools, doctors and families will plan your help together.",
            "helper",
        ),
        (
            "The right school for you",
            "We want enough good school places.\n"
            "Some will be in your local school.\n"
            "Some will be in special schools.",
            "school",
        ),
        (
            "Using money well",
            "Money for extra help must be shared fairly.\n"
            "We will spend it on what helps you most.",
            "money",
        ),
        (
            "Tell us what you think",
            "We want to hear from you.\nYou can talk to us or write to us.",
            "speech",
        ),
    ),
)

BARNSLEY = DemoStrategy(
    "barnsley",
    "Borough SEND Strategy",
    (2022, 2025),
    "approved",
    "Most children attend a local school that meets their needs effectively, and "
    "there are sufficient specialist education places within the Barnsley "
    "borough, wherever possible. Co-produced over more than a year with young "
    "people and families, the strategy includes the borough's Accessibility "
    "Strategy and is delivered through the SEND Improvement Programme.",
    summary="Co-produced with young people and families; delivered through the SEND Improvement Programme.",
    approval=(
        "cabinet",
        datetime.date(2022, 11, 30),
        "Cabinet 30 November 2022, item 6",
    ),
    priorities=(
        DemoPriority(
            1, "Engagement, participation and co-production: children and young people"
        ),
        DemoPriority(
            2, "Engagement, participation and co-production: parents and carers"
        ),
        DemoPriority(3, "Early identification and SEN support"),
        DemoPriority(4, "Meeting needs through specialist support and provision"),
        DemoPriority(5, "Communication and interaction: autism and SLCN"),
        DemoPriority(6, "Preparation for adulthood", pfa_outcome="independent_living"),
        DemoPriority(7, "Quality of data", is_enabler=True),
        DemoPriority(8, "Local Offer", is_enabler=True),
        DemoPriority(9, "Financial balance", is_enabler=True),
        DemoPriority(10, "Workforce development", is_enabler=True),
    ),
)

BUCKS_PREVIOUS = DemoStrategy(
    "buckinghamshire",
    "SEND Strategy",
    (2017, 2020),
    "superseded",
    "Improving outcomes for children and young people with SEND in "
    "Buckinghamshire. This strategy expired in December 2020; its improvement "
    "priorities were evaluated and RAG rated to inform the 2021-23 strategy.",
    approval=("cabinet", datetime.date(2017, 3, 1), "Cabinet 2017"),
    priorities=(
        DemoPriority(1, "Improving outcomes for children and young people with SEND"),
    ),
)

BUCKS = DemoStrategy(
    "buckinghamshire",
    "SEND and Inclusion Strategy",
    (2021, 2023),
    "approved",
    "All children and young people in Buckinghamshire realise their potential, "
    "whatever their starting point: safe, living fulfilling lives, healthy, "
    "resilient and contributing to their community. The aims are built on the "
    "four Preparing for Adulthood outcomes, co-produced with FACT Bucks, young "
    "people at the Shout Out for SEND conference and the SEND Youth Forum.",
    summary="Aims built on the four Preparing for Adulthood outcomes, co-produced with FACT Bucks.",
    approval=(
        "cabinet",
        datetime.date(2021, 3, 2),
        "Cabinet 2 March 2021 (key decision)",
    ),
    supersedes=("SEND Strategy", 2017),
    priorities=(
        DemoPriority(
            1,
            "Education, employment and training",
            "Young people have the skills, qualifications and support to move into "
            "higher education, employment or training.",
            ("I have teachers who read my EHCP and know how to help me.",),
            pfa_outcome="employment",
        ),
        DemoPriority(
            2,
            "Independent living",
            "Young people have choice, control and freedom over their lives, support "
            "and where they live.",
            ("I can make choices about where and how I live.",),
            pfa_outcome="independent_living",
        ),
        DemoPriority(
            3,
            "Friends, relationships and community",
            "Children and young people have friends and supportive relationships and "
            "take part in their local community.",
            ("I have friends and things to do near where I live.",),
            pfa_outcome="community",
        ),
        DemoPriority(
            4,
            "Good health",
            "Children and young people are as healthy as possible, with timely "
            "therapies and health support.",
            ("I can see a therapist when I need to.",),
            pfa_outcome="health",
        ),
    ),
    themes=(
        ("Autism and ADHD assessment waits", 4),
        ("Therapies for speech and language", 4),
        ("Post-16 options", 1),
        ("Social and leisure activities", 3),
    ),
)

# Easy Read "documents" of earlier demos that were only links to a council's
# general pages, not Easy Read versions: removed when the demo loads again.
RETIRED_DEMO_DOCUMENTS = (
    ("hertfordshire", "Draft SEND strategy: Easy Read"),
    ("buckinghamshire", "SEND and Inclusion Strategy: Easy Read"),
)

DEMO_STRATEGIES = (
    NORTHAMPTONSHIRE,
    HERTS_PREVIOUS,
    HERTS_DRAFT,
    OXFORDSHIRE,
    BARNSLEY,
    BUCKS_PREVIOUS,
    BUCKS,
)

# A fixed moment keeps `published_at` identical on every load.
DEMO_PUBLISHED_AT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def load_strategy(demo: DemoStrategy) -> Strategy:
    area = LocalArea.objects.get(slug=demo.area_slug)
    supersedes = None
    if demo.supersedes:
        title, start = demo.supersedes
        supersedes = Strategy.objects.get(area=area, title=title, period_start=start)
    approval_body, approved_on, reference = demo.approval or ("", None, "")
    strategy, _ = Strategy.objects.update_or_create(
        area=area,
        title=demo.title,
        period_start=demo.period[0],
        defaults={
            "period_end": demo.period[1],
            "status": demo.status,
            "vision": demo.vision,
            "summary": demo.summary,
            "approval_body": approval_body,
            "approved_on": approved_on,
            "decision_reference": reference,
            "supersedes": supersedes,
            "published_at": DEMO_PUBLISHED_AT if demo.status != "draft" else None,
        },
    )
    for item in demo.priorities:
        priority, _ = Priority.objects.update_or_create(
            strategy=strategy,
            number=item.number,
            defaults={
                "title": item.title,
                "description": item.description,
                "pfa_outcome": item.pfa_outcome,
                "is_enabler": item.is_enabler,
            },
        )
        for sort, text in enumerate(item.outcomes):
            OutcomeStatement.objects.update_or_create(
                priority=priority,
                sort=sort,
                defaults={
                    "text": text,
                    "voice": OutcomeStatement.voice_for(text),
                },
            )
    for name, number in demo.themes:
        Theme.objects.update_or_create(
            strategy=strategy,
            name=name,
            defaults={
                "priority": strategy.priorities.filter(number=number).first()
                if number
                else None
            },
        )
    for title, kind, url in demo.documents:
        StrategyDocument.objects.update_or_create(
            strategy=strategy, title=title, defaults={"kind": kind, "url": url}
        )
    StrategyDocument.objects.filter(
        strategy=strategy,
        title__in=[t for slug, t in RETIRED_DEMO_DOCUMENTS if slug == demo.area_slug],
    ).delete()
    for sort, (heading, text, symbol) in enumerate(demo.easy_read, start=1):
        EasyReadSection.objects.update_or_create(
            strategy=strategy,
            sort=sort,
            defaults={"heading": heading, "text": text, "picture_symbol": symbol},
        )
    strategy.easy_read_sections.filter(sort__gt=len(demo.easy_read)).delete()
    return strategy


def load(stdout: TextIO) -> None:
    for demo in DEMO_STRATEGIES:
        load_strategy(demo)
    stdout.write(f"  {len(DEMO_STRATEGIES)} strategies")
