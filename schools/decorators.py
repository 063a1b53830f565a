from collections.abc import Callable

from common.decorators import rule_required

from .access import may_open


def section_required(section: str) -> Callable:
    """Login, then refuse (403) a role that may not open this navigation section at all."""
    return rule_required(lambda user: may_open(user, section), "Этот раздел недоступен для вашей роли.")
