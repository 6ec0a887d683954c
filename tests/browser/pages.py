"""Browser pages kept from one test to the next: the browser tests would
otherwise open about seventy, each a little slower than a visit in a kept one."""

from playwright.sync_api import Error

DESK = {"width": 1280, "height": 900}
# Kept pages ask for less motion: the calendar opens at once and maps jump
# instead of gliding, where each click on it and read of it waited for the
# animation to end (Playwright acts on still elements). The same pages, in
# their end state; the test of motion asks for it (test_browser_layout.py).
MOTION = "reduce"


def kept_page(context):
    """The context's kept page, made on first use."""
    return context.pages[0] if context.pages else context.new_page()


def hand_back(page, viewport=DESK):
    """What a test changed on a kept page, undone for the next: any page it
    opened (a popup), its size, the motion it asked for, and the document,
    with its timers."""
    try:
        for other in page.context.pages:
            if other is not page:
                other.close()
        page.set_viewport_size(viewport)
        page.emulate_media(reduced_motion=MOTION)
        page.goto("about:blank")
    except Error:
        # A page the test left unusable (crashed, say) is not lent again.
        page.close()
