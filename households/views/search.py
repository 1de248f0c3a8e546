"""Register search: by name, pinyin, initials (GET) or a whole ID number (POST only)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bureau import scoping
from bureau.views_base import paginate
from households import selectors, services
from households.forms import PersonSearchForm
from households.idnumbers import normalize_id_number

ID_RESULTS_LIMIT = 50


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("households.view_person", raise_exception=True)
@scoping.scoped
def person_search(request):
    """One search box; an ID number is only accepted by POST so it never lands in a URL.

    A POSTed name search redirects to the GET form of itself (bookmarkable, pageable);
    an ID search is answered directly and logged as an access event. htmx live search
    POSTs the box and gets the results partial back.
    """
    is_htmx = request.headers.get("HX-Request") == "true"
    form = PersonSearchForm(request.POST if request.method == "POST" else request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    by_id = selectors.looks_like_id_number(query)

    if request.method != "POST" and by_id:
        messages.warning(
            request,
            _(
                "ID numbers are not searched from the address bar. Type the number "
                "in the search box instead."
            ),
        )
        return redirect("households:person-search")
    if request.method == "POST" and query and not by_id and not is_htmx:
        return redirect(_search_url(query))

    context = {
        "form": form,
        "query_text": "" if by_id else query,
        "by_id": by_id,
        "id_tail": normalize_id_number(query)[-4:] if by_id else "",
        "page": None,
        "rows": None,
    }
    if query:
        persons = selectors.search_persons(request.user, query).select_related(
            "household__village"
        )
        if by_id:
            found = list(persons[:ID_RESULTS_LIMIT])
            services.record_id_search(by=request.user, found=found, request=request)
            context["rows"] = found
        else:
            page = paginate(request, persons)
            context.update(
                page=page, rows=page.object_list, query=urlencode({"q": query})
            )

    if is_htmx:
        response = render(request, "households/_person_rows.html", context)
        response["HX-Replace-Url"] = (
            _search_url(query)
            if query and not by_id
            else reverse("households:person-search")
        )
    else:
        if by_id:
            context["form"] = PersonSearchForm()
        response = render(request, "households/person_search.html", context)
    if by_id:
        add_never_cache_headers(response)
    return response


def _search_url(query: str) -> str:
    return f"{reverse('households:person-search')}?{urlencode({'q': query})}"
