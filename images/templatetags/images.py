from django import template

from images import embed, pictures

register = template.Library()


@register.inclusion_tag("images/picture.html")
def picture(image, use="inline"):
    """`{% picture image "card" %}`: a responsive <picture>; the uses are listed in images.pictures.USES."""
    return {"picture": pictures.picture_for(image, use)}


@register.inclusion_tag("images/figure.html")
def figure(image, use="lead"):
    """`{% figure article.lead_image "lead" %}`: the picture with the library's caption and credit."""
    return pictures.figure_context(image, use)


@register.filter
def with_images(body):
    """`{{ article.body|with_images }}`: the stored (sanitised) body with its library images as pictures."""
    return embed.render_inline_images(body)
