"""SEND code lists (domain reference, section 4) shared by consultations and events."""

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sendportal.choices import TaggedChoices
from sendportal.choices import tag_colours


class RespondentType(models.TextChoices):
    PARENT_CARER = (
        "PARENT_CARER",
        _("Parent or carer of a child or young person with SEND"),
    )
    CYP = "CYP", _("Child or young person with SEND (under 16)")
    YOUNG_PERSON = "YOUNG_PERSON", _("Young person with SEND (16 to 25)")
    FAMILY_OTHER = "FAMILY_OTHER", _("Other family member")
    EDUCATION_EARLY_YEARS = "EDUCATION_EARLY_YEARS", _("Early years practitioner")
    EDUCATION_SCHOOL = "EDUCATION_SCHOOL", _("School staff")
    EDUCATION_POST16 = "EDUCATION_POST16", _("College or post-16 provider staff")
    HEALTH = "HEALTH", _("Health professional")
    SOCIAL_CARE = "SOCIAL_CARE", _("Social care professional")
    LA_OFFICER = "LA_OFFICER", _("Local authority officer")
    VCS = "VCS", _("Voluntary and community sector organisation")
    PCF_REP = "PCF_REP", _("Parent carer forum representative")
    ELECTED_MEMBER = "ELECTED_MEMBER", _("Councillor")
    OTHER = "OTHER", _("Other or member of the public")
    PREFER_NOT_SAY = "PREFER_NOT_SAY", _("Prefer not to say")


# Respondents answering about a particular child or young person.
ABOUT_A_CHILD = frozenset(
    {
        RespondentType.PARENT_CARER,
        RespondentType.CYP,
        RespondentType.YOUNG_PERSON,
        RespondentType.FAMILY_OTHER,
    }
)


class AgeBand(models.TextChoices):
    UNDER_5 = "UNDER_5", _("0 to 4")
    AGE_5_10 = "AGE_5_10", _("5 to 10")
    AGE_11_15 = "AGE_11_15", _("11 to 15")
    AGE_16_19 = "AGE_16_19", _("16 to 19")
    AGE_20_25 = "AGE_20_25", _("20 to 25")


class NeedType(models.TextChoices):
    ASD = "ASD", _("Autism")
    SLCN = "SLCN", _("Speech, language and communication needs")
    SEMH = "SEMH", _("Social, emotional and mental health")
    MLD = "MLD", _("Moderate learning difficulty")
    SLD = "SLD", _("Severe learning difficulty")
    PMLD = "PMLD", _("Profound and multiple learning difficulty")
    SPLD = "SPLD", _("Specific learning difficulty, such as dyslexia")
    HI = "HI", _("Hearing impairment")
    VI = "VI", _("Vision impairment")
    MSI = "MSI", _("Multi-sensory impairment")
    PD = "PD", _("Physical disability")
    OTH = "OTH", _("Other difficulty or disability")
    UNSURE = "UNSURE", _("Not sure or awaiting assessment")


class SettingType(models.TextChoices):
    EARLY_YEARS_PVI = "EARLY_YEARS_PVI", _("Nursery or childminder")
    MAINTAINED_NURSERY = "MAINTAINED_NURSERY", _("Maintained nursery school")
    MAINSTREAM_PRIMARY = "MAINSTREAM_PRIMARY", _("Mainstream primary school")
    MAINSTREAM_SECONDARY = "MAINSTREAM_SECONDARY", _("Mainstream secondary school")
    ALL_THROUGH = "ALL_THROUGH", _("All-through school")
    RESOURCE_BASE_ARP = "RESOURCE_BASE_ARP", _("Resourced provision or SEN unit")
    SPECIAL_MAINTAINED_ACADEMY = "SPECIAL_MAINTAINED_ACADEMY", _("Special school")
    INDEPENDENT_NMSS = (
        "INDEPENDENT_NMSS",
        _("Independent or non-maintained special school"),
    )
    ALTERNATIVE_PROVISION_PRU = (
        "ALTERNATIVE_PROVISION_PRU",
        _("Alternative provision or pupil referral unit"),
    )
    FE_COLLEGE = "FE_COLLEGE", _("Further education college")
    SIXTH_FORM = "SIXTH_FORM", _("Sixth form")
    SPECIALIST_POST16 = "SPECIALIST_POST16", _("Specialist post-16 college")
    APPRENTICESHIP_SUPPORTED_INTERNSHIP = (
        "APPRENTICESHIP_SUPPORTED_INTERNSHIP",
        _("Apprenticeship or supported internship"),
    )
    HOSPITAL_SCHOOL = "HOSPITAL_SCHOOL", _("Hospital school")
    EHE = "EHE", _("Elective home education")
    EOTAS = "EOTAS", _("Education otherwise than at school")
    NOT_IN_EDUCATION = "NOT_IN_EDUCATION", _("Not in education")
    OTHER = "OTHER", _("Other")


class SupportLevel(models.TextChoices):
    NONE_IDENTIFIED = "NONE_IDENTIFIED", _("No support identified")
    SEN_SUPPORT = "SEN_SUPPORT", _("SEN support")
    EHCNA_IN_PROGRESS = "EHCNA_IN_PROGRESS", _("EHC needs assessment in progress")
    EHCP = "EHCP", _("Education, health and care (EHC) plan")
    DONT_KNOW = "DONT_KNOW", _("Don’t know")
    PREFER_NOT_SAY = "PREFER_NOT_SAY", _("Prefer not to say")


class Channel(models.TextChoices):
    ONLINE_SURVEY = "ONLINE_SURVEY", _("Online survey")
    EASY_READ_SURVEY = "EASY_READ_SURVEY", _("Easy Read survey")
    PAPER = "PAPER", _("Paper")
    IN_PERSON_EVENT = "IN_PERSON_EVENT", _("In-person event")
    ONLINE_EVENT = "ONLINE_EVENT", _("Online event")
    WORKSHOP = "WORKSHOP", _("Workshop")
    YOUTH_FORUM = "YOUTH_FORUM", _("Youth forum")
    EMAIL = "EMAIL", _("Email")
    PHONE = "PHONE", _("Phone")


class SupportedBy(models.TextChoices):
    """Who helped a respondent give their answers ("Did someone help you
    answer?"). A response without one was not asked, or did not say."""

    NOBODY = "NOBODY", _("Nobody")
    PARENT_CARER = "PARENT_CARER", _("A parent or carer")
    TEACHER_SUPPORT_WORKER = "TEACHER_SUPPORT_WORKER", _("A teacher or support worker")
    ADVOCATE = "ADVOCATE", _("An advocate")
    SOMEONE_ELSE = "SOMEONE_ELSE", _("Someone else")
    PREFER_NOT_SAY = "PREFER_NOT_SAY", _("Prefer not to say")


# The answers that mean someone helped.
HELPED = frozenset(
    {
        SupportedBy.PARENT_CARER,
        SupportedBy.TEACHER_SUPPORT_WORKER,
        SupportedBy.ADVOCATE,
        SupportedBy.SOMEONE_ELSE,
    }
)


class Likert(models.TextChoices):
    """The five-point agree/disagree scale plus "Don't know"."""

    STRONGLY_AGREE = "strongly_agree", _("Strongly agree")
    AGREE = "agree", _("Agree")
    NEITHER = "neither", _("Neither agree nor disagree")
    DISAGREE = "disagree", _("Disagree")
    STRONGLY_DISAGREE = "strongly_disagree", _("Strongly disagree")
    DONT_KNOW = "dont_know", _("Don’t know")


class Consent(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class RespondentGroup(models.TextChoices):
    """Broad groups for the expected mix of who is heard."""

    FAMILIES = "FAMILIES", _("Parents, carers and family")
    CHILDREN_YOUNG_PEOPLE = "CYP", _("Children and young people")
    PROFESSIONALS = "PROFESSIONALS", _("Professionals")
    VCS = "VCS", _("Voluntary sector and forums")
    OTHER = "OTHER", _("Others")


GROUP_OF_TYPE: dict[str, str] = {
    RespondentType.PARENT_CARER: RespondentGroup.FAMILIES,
    RespondentType.FAMILY_OTHER: RespondentGroup.FAMILIES,
    RespondentType.CYP: RespondentGroup.CHILDREN_YOUNG_PEOPLE,
    RespondentType.YOUNG_PERSON: RespondentGroup.CHILDREN_YOUNG_PEOPLE,
    RespondentType.EDUCATION_EARLY_YEARS: RespondentGroup.PROFESSIONALS,
    RespondentType.EDUCATION_SCHOOL: RespondentGroup.PROFESSIONALS,
    RespondentType.EDUCATION_POST16: RespondentGroup.PROFESSIONALS,
    RespondentType.HEALTH: RespondentGroup.PROFESSIONALS,
    RespondentType.SOCIAL_CARE: RespondentGroup.PROFESSIONALS,
    RespondentType.LA_OFFICER: RespondentGroup.PROFESSIONALS,
    RespondentType.VCS: RespondentGroup.VCS,
    RespondentType.PCF_REP: RespondentGroup.VCS,
}


def group_of(respondent_type: str) -> str:
    return GROUP_OF_TYPE.get(respondent_type, RespondentGroup.OTHER)


@tag_colours(
    {
        "inform": "grey",
        "consult": "light-blue",
        "engage": "blue",
        "co_design": "turquoise",
        "co_produce": "green",
    }
)
class CoproductionLevel(TaggedChoices):
    """How far families share the work, on NHS England's "Ladder of engagement
    and participation", from the lowest rung to the highest. Blank is "not set"."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    ENGAGE = "engage", _("Engage")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCE = "co_produce", _("Co-produce")


COPRODUCTION_DESCRIPTIONS: dict[str, StrOrPromise] = {
    CoproductionLevel.INFORM: _(
        "We tell you what we are doing and why, so you know what is happening."
    ),
    CoproductionLevel.CONSULT: _(
        "We ask for your views on our plans and tell you what we did with them."
    ),
    CoproductionLevel.ENGAGE: _(
        "We talk with you while the work goes on, and your views shape it."
    ),
    CoproductionLevel.CO_DESIGN: _(
        "We design it together with you, and your ideas decide what it looks like."
    ),
    CoproductionLevel.CO_PRODUCE: _(
        "We share the work and the decisions with you as equal partners, "
        "from start to finish."
    ),
}


def coproduction_choices() -> list[Choice]:
    """The rungs as GOV.UK radio choices, each with its description as a hint,
    and a last choice to leave it not set."""
    return [
        *(
            Choice(level.value, level.label, hint=COPRODUCTION_DESCRIPTIONS[level])
            for level in CoproductionLevel
        ),
        Choice("", _("Not set yet")),
    ]


def coproduction_field() -> forms.ChoiceField:
    """The staff question: a consultation's or event's rung, as radios."""
    return forms.ChoiceField(
        label=_("How are you working with families?"),
        help_text=_(
            "The rung on NHS England’s ladder of engagement and participation. "
            "Families see it on the public page."
        ),
        choices=coproduction_choices(),
        required=False,
        widget=forms.RadioSelect,
    )


class HasCoproductionLevel(models.Model):
    """A consultation's or event's rung on the ladder of engagement."""

    coproduction_level = models.CharField(
        _("how we are working with families"),
        max_length=20,
        choices=CoproductionLevel,
        blank=True,
        default="",
    )

    class Meta:
        abstract = True

    @property
    def coproduction_colour(self) -> str:
        return CoproductionLevel(self.coproduction_level).tag_colour

    @property
    def coproduction_ladder(self) -> list[dict[str, Any]]:
        """Every rung, lowest first, with its description and whether it is
        this one's."""
        return [
            {
                "label": level.label,
                "description": COPRODUCTION_DESCRIPTIONS[level],
                "current": level == self.coproduction_level,
            }
            for level in CoproductionLevel
        ]
