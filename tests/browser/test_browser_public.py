"""The public pages in a real browser (Debian's Chromium through Playwright),
served by the run's live server on the seed committed once for the module
(conftest.py, `served`: these tests only read), with every request outside
it refused."""

import pytest

from registry.models import Agreement, Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def partners_on_map(**filters):
    return (
        Partner.objects.filter(agreements__is_public=True, latitude__isnull=False, **filters)
        .distinct()
        .count()
    )


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector(".outline-loaded.markers-loaded")
    return page.locator("path.partner-marker").count()


def test_the_map_shows_one_marker_per_public_partner_and_the_outline_offline(served, fresh_page):
    page = fresh_page  # listened to
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(served.url) else outside.append(request.url),
    )
    assert open_map(page, f"{served.url}/en/map/") == partners_on_map()
    # The Natural Earth outline: well over a hundred country shapes.
    assert page.locator(".leaflet-outline-pane path").count() > 100
    assert page.locator("path.home-marker").count() == 1
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert outside == []


def test_a_map_page_served_from_the_cache_or_revalidated_still_draws_its_markers(
    served, page, page_cache
):
    url = f"{served.url}/en/map/"
    expected = partners_on_map()
    assert open_map(page, url) == expected  # rendered, and kept
    assert open_map(page, url) == expected  # the browser asks again and gets 304
    newcomer = page.context.browser.new_page()  # a new visitor gets the kept page
    try:
        assert open_map(newcomer, url) == expected
    finally:
        newcomer.close()


def test_a_filter_narrows_the_markers(served, page):
    open_map(page, f"{served.url}/en/map/")
    page.click("summary:has-text('Filters')")
    page.select_option("#id_continent", "AF")
    page.click("button:has-text('Apply filters')")
    page.wait_for_url("**/en/map/?*continent=AF*")
    page.wait_for_selector(".outline-loaded.markers-loaded")
    assert page.locator("path.partner-marker").count() == partners_on_map(country__continent="AF") == 3


def test_the_map_colours_by_administration_with_a_legend(served, page):
    open_map(page, f"{served.url}/en/map/")
    assert page.locator("#map-legend li", has_text="active").count() == 1
    page.check("input[value='administration']")
    assert page.locator("#map-legend li", has_text="Mohammad Khatami").count() == 1


def test_a_marker_popup_links_to_the_agreement_page(served, page):
    assert open_map(page, f"{served.url}/en/map/?q=Bishkek") == 1
    # A DOM click on the marker itself: a click at coordinates can miss a
    # marker while a loaded machine is still drawing the map.
    page.locator("path.partner-marker").dispatch_event("click")
    bishkek = Agreement.objects.get(partner__name_en="Bishkek")
    link = page.locator(".leaflet-popup-content a", has_text=bishkek.title_en)
    assert link.get_attribute("href") == f"/en/agreements/{bishkek.pk}/"


def test_the_language_switch_flips_direction_and_keeps_the_filters(served, page):
    page.goto(f"{served.url}/fa/agreements/?status=active&continent=EU")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("a.language-switch[hreflang='en']")
    page.wait_for_url("**/en/agreements/?status=active&continent=EU")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("#id_status").input_value() == "active"
    assert page.locator("#id_continent").input_value() == "EU"
    assert page.locator("table.agreements tbody tr").count() == 9


def test_the_statistics_page_shows_the_seed_figures(served, page):
    page.goto(f"{served.url}/en/statistics/")
    assert page.locator("strong.total").inner_text() == "27"
    table = page.locator("#chart-administration table")
    for name, count in [
        ("Rafsanjani", "4"),
        ("Khatami", "9"),
        ("Ahmadinejad", "5"),
        ("Rouhani", "8"),
        ("undated", "1"),
    ]:
        assert table.locator("tr", has_text=name).locator("td").inner_text() == count


def test_the_statistics_page_shows_in_force_agreements_by_continent(served, page):
    page.goto(f"{served.url}/fa/statistics/?status=active")
    assert page.locator("strong.total").inner_text() == "۲۶"
    table = page.locator("#chart-continent table")
    for name, count in [("آسیا", "۱۱"), ("اروپا", "۹"), ("آفریقا", "۳"), ("اقیانوسیه", "۰")]:
        assert table.locator("tr", has_text=name).locator("td").inner_text() == count


def test_the_quds_page_shows_bahman_1380(served, page):
    quds = Agreement.objects.get(partner__name_en__startswith="Quds")
    page.goto(f"{served.url}/fa/agreements/{quds.pk}/")
    assert page.locator(".signed-date").inner_text() == "بهمن ۱۳۸۰"


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_year_labels_of_the_timeline_stand_apart_and_on_screen(
    served, page, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{served.url}/{language}/statistics/")
    boxes = sorted(
        (box["x"], box["x"] + box["width"])
        for box in (label.bounding_box() for label in page.locator("#chart-year text.chart-label").all())
    )
    assert len(boxes) >= 3
    assert all(left >= 0 and right <= width for left, right in boxes)
    # At least a space's width between neighbours, so that they read apart.
    assert all(right + 8 <= next_left for (_, right), (next_left, _) in zip(boxes, boxes[1:]))


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_bar_label_is_shown_whole_on_a_phone(served, page, language):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{served.url}/{language}/statistics/")
    for key in ["administration", "continent", "instrument", "relationship", "status"]:
        chart = page.locator(f"#chart-{key}")
        # The chart's labels are the very names of its table of numbers.
        assert chart.locator("svg text.chart-label").all_text_contents() == chart.locator(
            "tbody th"
        ).all_inner_texts()
        for label in chart.locator("svg text.chart-label").all():
            box = label.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_administration_by_continent_table_scrolls_sideways_on_a_phone(served, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{served.url}/en/statistics/")
    scroller = page.locator("section.cross .table-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    assert "radial-gradient" in scroller.evaluate("el => getComputedStyle(el).backgroundImage")
    assert scroller.locator("tfoot td").last.inner_text() == "27"


def test_the_map_legend_shows_tehran_in_either_colouring(served, page):
    open_map(page, f"{served.url}/en/map/")
    home = page.locator("#map-legend li.legend-home")
    assert home.inner_text() == "Tehran, the home city"
    assert home.locator(".swatch-home").count() == 1
    page.check("input[value='administration']")
    assert page.locator("#map-legend li").first.inner_text() == "Tehran, the home city"


def test_map_markers_and_badges_take_their_colours_from_the_one_status_palette(served, page):
    open_map(page, f"{served.url}/en/map/?q=Bishkek")
    palette = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--status-active').trim()")
    assert palette.startswith("#")
    assert page.locator("path.partner-marker").get_attribute("fill") == palette
    page.goto(f"{served.url}/en/agreements/?q=Bishkek")
    badge = page.locator(".badge.status-active").first
    assert badge.evaluate("el => getComputedStyle(el).getPropertyValue('--status').trim()") == palette
