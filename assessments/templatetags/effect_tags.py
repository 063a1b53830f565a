"""Who sees the «адресная мера» buttons on the objectivity pages (roadmaps.access decides)."""

from django import template

register = template.Library()


@register.filter
def may_target_measures(user) -> bool:
    from roadmaps.access import may_create_targeted_measures

    return may_create_targeted_measures(user)
