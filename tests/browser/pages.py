"""Browser pages kept from one test to the next: a new page costs three to
five times a visit in a kept one (a renderer process to start, axe-core to
compile again), and the browser tests would open about seventy."""

from urllib.parse import urlsplit

from playwright.sync_api import Error

DESK = {"width": 1280, "height": 900}


def kept_page(context):
    """The context's kept page, made on first use."""
    return context.pages[0] if context.pages else context.new_page()


def hand_back(page, viewport=DESK):
    """What a test changed on a kept page, undone for the next: any page it
    opened (a popup), its size, and the document, with its timers.

    The page is left on its site's robots.txt, not about:blank: the site's
    pages ask for a browsing context group of their own
    (Cross-Origin-Opener-Policy), so the next test's first page, coming
    from about:blank, started a renderer process of its own, every test."""
    try:
        for other in page.context.pages:
            if other is not page:
                other.close()
        page.set_viewport_size(viewport)
        address = urlsplit(page.url)
        if address.scheme in ("http", "https"):
            page.goto(f"{address.scheme}://{address.netloc}/robots.txt")
        else:
            page.goto("about:blank")
    except Error:
        # A page the test left unusable (crashed, say) is not lent again.
        page.close()
