from django import template

from aids import links

register = template.Library()


@register.simple_tag
def aid_href(aid, school=None):
    """`{% aid_href aid school %}`: the aid's page, for this school where the page needs one."""
    return links.aid_href(aid, getattr(school, "slug", None))


@register.filter
def domain(url):
    return links.domain(url)


@register.filter
def is_web_address(url):
    return links.is_web_address(url)
