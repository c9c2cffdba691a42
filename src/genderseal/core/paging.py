"""Page numbers and other small numbers read from a query string: never a server error.

`page_number("abc")` and `page_number("99999999999999999999")` give 1 and MAX_PAGE: a page far past the end
then shows as empty (or the list's last page), never as an overflow in the database driver.
"""
MAX_PAGE = 100_000


def bounded_int(value, default=0, *, low=0, high=MAX_PAGE):
    """`value` as an int within [low, high]; `default` for anything that is not a plain number."""
    try:
        number = int(str(value).strip()) if value is not None and str(value).strip() else default
    except (TypeError, ValueError):
        number = default
    return min(max(number, low), high)


def page_number(value, high=MAX_PAGE):
    """A 1-based page number from user input."""
    return bounded_int(value, 1, low=1, high=high)
