from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from ontwikkelmodel.grid import grid_context


@login_required
def ontwikkelmodel_grid(request):
    return TemplateResponse(request, "ontwikkelmodel/grid.html", grid_context(with_aids=True))
