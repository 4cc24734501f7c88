"""Demo: Hertfordshire's consultation in Polish, and its British Sign Language
version.

The Polish is a SAMPLE TRANSLATION, written for the demo and not checked by a
translator; the survey's translation note and the README say so. Texts are
matched by their English, so a question whose English changes is simply shown
in English until it is translated again.
"""

from sendportal.translations import Translatable

from .models import Consultation
from .models import Survey
from .translations import set_translation_note

LANGUAGE = "pl"
SAMPLE_NOTE = (
    "Sample translation for the demo, written without a professional "
    "translator. Have it checked before using it with families."
)
AMBITIONS_PL = {
    "Listen, engage, collaborate, evolve": (
        "Słuchać, angażować, współpracować, rozwijać się"
    ),
    "Early identification and support": "Wczesne rozpoznanie potrzeb i wsparcie",
    "Local provision for children and young people": (
        "Miejsca i usługi blisko domu dla dzieci i młodzieży"
    ),
    "Aspiration for all": "Ambitne cele dla wszystkich",
    "Preparing for the future": "Przygotowanie do przyszłości",
    "Strong foundations": "Solidne podstawy",
}
POLISH = {
    "Have your say on our draft SEND strategy for 2026 to 2029": (
        "Wyraź swoją opinię o projekcie strategii SEND na lata 2026–2029"
    ),
    "Our draft strategy has six ambitions shaped by more than 1,000 voices. Tell us "
    "whether they reflect what matters most, what is missing or unclear, and what "
    "we should focus on first. There are online events with a BSL interpreter, and "
    "an Easy Read survey for children and young people.": (
        "Projekt naszej strategii ma sześć celów, które powstały dzięki ponad 1000 "
        "głosom. Powiedz nam, czy odpowiadają temu, co najważniejsze, czego brakuje "
        "lub co jest niejasne i czym powinniśmy zająć się najpierw. Organizujemy "
        "wydarzenia online z tłumaczem BSL oraz ankietę w wersji łatwej do "
        "czytania dla dzieci i młodzieży. (Przykładowe tłumaczenie.)"
    ),
    "Draft SEND strategy survey": "Ankieta o projekcie strategii SEND",
    "Do the ambitions reflect what matters most to children and young people with "
    "SEND and their families?": (
        "Czy cele odpowiadają temu, co jest najważniejsze dla dzieci i młodzieży "
        "ze SEND oraz ich rodzin?"
    ),
    **{
        f"To what extent do you agree with ambition {n}: {english}?": (
            f"W jakim stopniu zgadzasz się z celem {n}: {polish}?"
        )
        for n, (english, polish) in enumerate(AMBITIONS_PL.items(), start=1)
    },
    "Are there any parts which are missing, unclear or need strengthening?": (
        "Czy czegoś brakuje, coś jest niejasne lub wymaga wzmocnienia?"
    ),
    "Do not include names or details that could identify a child.": (
        "Nie podawaj imion ani szczegółów, po których można rozpoznać dziecko."
    ),
    "What do you think is the single most important priority for us to focus on?": (
        "Który jeden priorytet jest według Ciebie najważniejszy?"
    ),
    "How did you hear about this consultation?": ("Skąd wiesz o tej konsultacji?"),
    "School or college": "Ze szkoły lub college’u",
    "Herts Parent Carer Involvement": (
        "Od Herts Parent Carer Involvement (forum rodziców i opiekunów)"
    ),
    "Social media": "Z mediów społecznościowych",
    "Local Offer website": "Ze strony Local Offer",
    "Other": "Z innego źródła",
    **AMBITIONS_PL,
}
BSL_VIDEO_URL = "https://video.example.org/hertfordshire/send-strategy-2026-bsl"
BSL_TRANSCRIPT = (
    "Sample transcript for the demo: the video address above is a placeholder.\n\n"
    "Hello. This is Hertfordshire's draft SEND strategy for 2026 to 2029, in "
    "British Sign Language. The strategy has six ambitions. We want to know if "
    "they are right, what is missing, and what we should do first.\n\n"
    "You can answer the survey on this page. You can also come to an online "
    "event with a BSL interpreter. The consultation closes on 6 February."
)


def _translate(row: Translatable) -> list[str]:
    changed = []
    for field in row.translatable_fields:
        polish = POLISH.get(str(getattr(row, field)))
        if polish and row.set_translation(field, LANGUAGE, polish):
            changed.append(field)
    return changed


def load_hertfordshire_languages(consultation: Consultation, survey: Survey) -> None:
    """Translate the consultation and its standard survey into Polish (sample),
    and give the consultation a BSL version."""
    _translate(consultation)
    consultation.bsl_video_url = BSL_VIDEO_URL
    consultation.bsl_transcript = BSL_TRANSCRIPT
    consultation.save(update_fields=["translations", "bsl_video_url", "bsl_transcript"])
    noted = set_translation_note(survey, LANGUAGE, SAMPLE_NOTE)
    if _translate(survey) or noted:
        survey.save(update_fields=["translations"])
    for question in survey.questions.prefetch_related("options"):
        if _translate(question):
            question.save(update_fields=["translations"])
        for option in question.options.all():
            if _translate(option):
                option.save(update_fields=["translations"])
