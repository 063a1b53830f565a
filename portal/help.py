"""Help in Russian for each role: the steps of its main tasks, the templates to download, and which
section of the help each page's «?» opens.

The sections are data: a title, the steps, the roles it is for. Templates to download are offered to
the roles the download views let through (the same access rules), so the help never links a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from assessments.access import may_manage_assessments
from medals.access import schools_for_upload
from medals.models import Upload
from schools.access import may_import_roadmaps, may_open
from schools.models import User

Role = User.Role
ALL = frozenset(Role.values)
DEPARTMENT = frozenset({Role.DEPARTMENT_HEAD, Role.METHODIST, Role.COORDINATOR})


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    roles: frozenset[str]
    steps: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


SECTIONS: tuple[Section, ...] = (
    Section(
        "start",
        "С чего начать",
        ALL,
        (
            "На главной странице — ваши сроки: мероприятия, срок которых истёк или скоро наступит.",
            "Верхнее меню открывает разделы, доступные вашей роли; "
            "на телефоне оно прячется под кнопкой «Меню».",
            "Поле «Поиск» в верхней строке находит мероприятия, школы и претендентов по словам из названия "
            "или фамилии — только среди того, что вам доступно.",
            "Кнопка «?» в верхней строке открывает раздел этой справки, относящийся к текущей странице.",
        ),
    ),
    Section(
        "report-measure",
        "Отчитаться о мероприятии",
        frozenset({Role.SCHOOL_HEAD, Role.METHODIST, Role.DEPARTMENT_HEAD}),
        (
            "Откройте «Дорожные карты» → «Мероприятия» (или мероприятие с главной страницы).",
            "В строке своей школы выберите статус: «в работе», «выполнено» или «не требуется», "
            "при необходимости "
            "напишите комментарий и нажмите «Сохранить».",
            "Чтобы приложить подтверждение (приказ, протокол, фото), нажмите «Подробнее» в строке школы, "
            "выберите файл и нажмите «Прикрепить».",
            "Если строку тем временем изменил другой человек, сохранение не затрёт его изменения: страница "
            "покажет, что изменилось, и попросит проверить.",
            "Методист может выставить один статус сразу нескольким школам: на странице мероприятия отметьте "
            "строки, выберите статус, напишите общий комментарий и нажмите «Применить к отмеченным».",
        ),
        (
            "«Просрочено» — не статус: так показывается мероприятие, срок которого прошёл, "
            "а статус не «выполнено».",
        ),
    ),
    Section(
        "journal",
        "Загрузить выгрузку из электронного журнала и прочитать ошибки",
        frozenset({Role.SCHOOL_HEAD, Role.METHODIST, Role.DEPARTMENT_HEAD}),
        (
            "Откройте «Претенденты на медаль» → «Загрузить журнал». Если нужно, скачайте шаблон "
            "(.xlsx) — в нём названия столбцов, которые понимает программа.",
            "Выберите файл (.xlsx или .csv) и нажмите «Проверить файл». Ничего ещё не сохраняется.",
            "Если в файле есть ошибки, каждая названа со строкой и столбцом: например, «Строка 7, столбец "
            "«Дата»: «31.02.2026»: такой даты нет». Исправьте файл в Excel и загрузите его снова.",
            "Когда ошибок нет, проверьте сводку (сколько отметок будет сохранено, каких учеников и предметов "
            "нет в новом файле) и нажмите «Всё верно, сохранить».",
        ),
        (
            "Файл сохраняется целиком или не сохраняется вовсе: половины файла в базе не бывает.",
            "Большой файл (больше полумегабайта: десятки тысяч отметок) проверяется и сохраняется в фоне: "
            "страница покажет «проверяется» или «сохраняется» и обновится сама; можно уйти и вернуться.",
        ),
    ),
    Section(
        "march-meeting",
        "Подготовить мартовское совещание и протокол",
        frozenset({Role.DEPARTMENT_HEAD}),
        (
            "Откройте «Отчёты» → «Совещания», выберите дорожную карту и нажмите «Подготовить»: повестка "
            "заполнится её пунктами.",
            "На странице совещания нажмите «Обновить из данных о претендентах», "
            "чтобы подставить цифры по школам; "
            "поправьте строки, где нужно («Изменить»).",
            "Нажмите «Изменить сведения о совещании»: дата, номер, место, председатель, участники.",
            "Нажмите «Напечатать протокол (PDF)» или «Протокол в Word», "
            "чтобы поправить текст в Word перед подписью.",
        ),
    ),
    Section(
        "recheck",
        "Перепроверка работ",
        frozenset({Role.COMMISSION_MEMBER, Role.METHODIST, Role.DEPARTMENT_HEAD}),
        (
            "Методист: «Претенденты на медаль» → «Перепроверка» → «Сформировать список», затем назначьте "
            "каждой работе члена комиссии не из той же школы.",
            "Член комиссии: на главной странице — «Работы на перепроверку» с числом работ. Откройте работу "
            "по коду (имени ученика и школы вы не увидите).",
            "Введите свою отметку и нажмите «Далее: проверить отметку»; на втором экране рядом стоит отметка "
            "учителя — нажмите «Подтвердить отметку», если всё верно.",
            "Пока методист не закрыл перепроверку, отметку можно исправить.",
        ),
    ),
    Section(
        "works",
        "Проверка пробных экзаменов",
        frozenset({Role.COMMISSION_MEMBER}),
        (
            "На главной странице — «Работы на проверку»: коды работ и сколько осталось проверить.",
            "Введите балл по каждой работе и сохраните. Работы своей школы вам не назначаются.",
        ),
    ),
    Section(
        "import-roadmap",
        "Загрузить дорожную карту из документа",
        frozenset({Role.DEPARTMENT_HEAD, Role.METHODIST}),
        (
            "«Дорожные карты» → «Загрузить из Word/Excel»: подойдёт приказ в Word (.docx), "
            "таблица Excel или текст.",
            "На странице предпросмотра проверьте разделы и мероприятия, исправьте нераспознанные сроки.",
            "Сохраните: карта появится как черновик. Обязательства для школ создаёт только утверждённая "
            "карта — её утверждает начальник УО («Утвердить»).",
        ),
    ),
    Section(
        "vpr",
        "Результаты ВПР и объективность",
        frozenset({Role.COORDINATOR, Role.DEPARTMENT_HEAD}),
        (
            "«Оценочные процедуры» → «Результаты ВПР» → «Загрузить файл ФИС ОКО»: файл — выгрузка ФИС ОКО.",
            "Проверьте предпросмотр и подтвердите загрузку.",
            "«Объективность» показывает школы, где отметки по журналу расходятся с результатами ВПР.",
        ),
    ),
    Section(
        "targeted",
        "Адресные меры и их эффективность",
        frozenset({Role.DEPARTMENT_HEAD, Role.METHODIST, Role.SCHOOL_HEAD}),
        (
            "На странице «Объективность ВПР» в блоке «Адресные меры» отметьте школы с признаками "
            "необъективности (или откройте страницу одной школы) и нажмите "
            "«Адресная мера для выбранных школ».",
            "Выберите вид меры (методический выезд, посещение уроков, КПК для названных учителей, "
            "персональный контроль), укажите срок и ответственных и сохраните: мера попадёт в действующую "
            "дорожную карту, строки исполнения появятся только у выбранных школ.",
            "Руководитель школы видит только меры своей школы и отчитывается о них, "
            "как обо всех мероприятиях.",
            "«Анализ эффективности принятых мер» показывает по каждой школе, сохранились ли признаки "
            "в следующем году; выгрузка в Excel и пункт протокола мартовского совещания — те же данные.",
        ),
        (
            "Адресная мера — помощь школе в обеспечении объективности, а не оценка школы или учителей: "
            "результаты ВПР не используются для оценки работы учителей.",
        ),
    ),
    Section(
        "reports",
        "Отчёты и документы",
        DEPARTMENT,
        (
            "«Отчёты»: выберите вид документа — форма спросит только то, что нужно этому виду "
            "(дорожную карту, совещание, учебный год или год ВПР).",
            "Документ готовится несколько секунд; имя файла содержит номер и дату приказа или протокола.",
            "На странице дорожной карты кнопки «PDF» и «Word» заказывают её документ сразу.",
            "Список длиннее 500 строк «Выгрузить в Excel» предложит построить в фоне («Построить файл»): "
            "с теми же фильтрами, а готовый файл останется в «Отчётах».",
        ),
    ),
    Section(
        "calendar",
        "Сроки в календаре телефона",
        frozenset({Role.SCHOOL_HEAD, Role.METHODIST, Role.DEPARTMENT_HEAD, Role.COORDINATOR}),
        (
            "Меню с вашим именем → «Профиль и календарь сроков» → «Получить адрес календаря».",
            "Скопируйте адрес и добавьте его в календарь как подписку («Добавить по адресу»).",
            "Адрес личный. Если он попал к чужим, нажмите «Выдать новый адрес»: старый перестанет работать.",
        ),
    ),
)

# Which help section each page's «?» opens: URL name (or namespace) → section id.
PAGE_SECTIONS = {
    "roadmaps:measure_list": "report-measure",
    "roadmaps:measure_detail": "report-measure",
    "roadmaps:progress_detail": "report-measure",
    "roadmaps:roadmap_import": "import-roadmap",
    "roadmaps:roadmap_import_preview": "import-roadmap",
    "medals:upload": "journal",
    "medals:upload_detail": "journal",
    "medals:recheck_list": "recheck",
    "medals:recheck_edit": "recheck",
    "medals:member_rechecks": "recheck",
    "medals:member_recheck": "recheck",
    "assessments:my_works": "works",
    "assessments:vpr_results": "vpr",
    "assessments:vpr_upload": "vpr",
    "assessments:objectivity": "vpr",
    "assessments:targeted_measure_new": "targeted",
    "assessments:effect": "targeted",
    "reports:meeting_list": "march-meeting",
    "reports:meeting_detail": "march-meeting",
    "reports:meeting_new": "march-meeting",
    "reports:meeting_edit": "march-meeting",
    "profile": "calendar",
    "roadmaps": "report-measure",
    "reports": "reports",
    "medals": "journal",
    "assessments": "vpr",
}


def sections_for(user: User) -> list[Section]:
    role = Role.DEPARTMENT_HEAD if user.is_superuser and not user.role else user.role
    return [section for section in SECTIONS if role in section.roles]


def section_for_page(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "start"
    user = getattr(request, "user", None)
    wanted = PAGE_SECTIONS.get(match.view_name) or PAGE_SECTIONS.get(match.namespace or "", "start")
    if user is not None and user.is_authenticated and wanted not in {s.id for s in sections_for(user)}:
        return "start"
    return wanted


def templates_for(user: User) -> list[tuple[str, str]]:
    """(label, address) of every blank template the person may download."""
    found = []
    if may_import_roadmaps(user):
        found.append(("Дорожная карта (.xlsx)", reverse("roadmaps:roadmap_import_template")))
    if may_open(user, "medals"):
        for kind, label in (
            (Upload.Kind.CANDIDATES, "Реестр претендентов на медаль (.xlsx)"),
            (Upload.Kind.JOURNAL, "Выгрузка из электронного журнала (.xlsx)"),
            (Upload.Kind.NOTEBOOK, "Отметки из тетрадей (.xlsx)"),
        ):
            if schools_for_upload(user, kind).exists():
                found.append((label, reverse("medals:upload_template", args=[kind])))
    if may_manage_assessments(user):
        found.append(("Результаты ВПР (.xlsx)", reverse("assessments:vpr_template")))
        found.append(("Результаты ЕГЭ (.xlsx)", reverse("assessments:ege_template")))
    return found


def help_context(request: HttpRequest) -> dict:
    """Context processor: the help section that the top bar's «?» opens for this page."""
    return {"help_section": section_for_page(request)}
